using System.Text.Json.Nodes;

namespace Analysis.Kernel.Protocol;

/// <summary>
/// One Jupyter message: routing identities, header, parent header, metadata, content and
/// binary buffers. Content is kept as a JSON tree because its shape depends on the type.
/// </summary>
public sealed record JupyterMessage
{
    /// <summary>ZeroMQ routing identities that precede the delimiter.</summary>
    public IReadOnlyList<byte[]> Identities { get; init; } = [];
    /// <summary>The header.</summary>
    public required MessageHeader Header { get; init; }
    /// <summary>The header of the request this message answers, or null.</summary>
    public MessageHeader? ParentHeader { get; init; }
    /// <summary>Free-form metadata.</summary>
    public JsonObject Metadata { get; init; } = new();
    /// <summary>Type-specific content.</summary>
    public JsonObject Content { get; init; } = new();
    /// <summary>Extra binary frames.</summary>
    public IReadOnlyList<byte[]> Buffers { get; init; } = [];

    /// <summary>Shorthand for the header's message type.</summary>
    public string MessageType => Header.MessageType;

    /// <summary>A reply or broadcast whose parent is this message.</summary>
    public JupyterMessage CreateChild(string messageType, JsonObject content, IReadOnlyList<byte[]>? identities = null) => new()
    {
        Identities = identities ?? Identities,
        Header = MessageHeader.Create(messageType, Header.Session),
        ParentHeader = Header,
        Content = content,
    };
}
