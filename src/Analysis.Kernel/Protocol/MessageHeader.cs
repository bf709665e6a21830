using System.Text.Json.Serialization;

namespace Analysis.Kernel.Protocol;

/// <summary>A Jupyter message header (protocol 5.3).</summary>
public sealed record MessageHeader
{
    /// <summary>The protocol version we speak.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>Unique id of this message.</summary>
    [JsonPropertyName("msg_id")] public required string MessageId { get; init; }
    /// <summary>Session id of the sender.</summary>
    [JsonPropertyName("session")] public string Session { get; init; } = "";
    /// <summary>User name of the sender.</summary>
    [JsonPropertyName("username")] public string UserName { get; init; } = "";
    /// <summary>ISO 8601 time the message was created.</summary>
    [JsonPropertyName("date")] public string Date { get; init; } = "";
    /// <summary>The message type, e.g. <c>execute_request</c>.</summary>
    [JsonPropertyName("msg_type")] public required string MessageType { get; init; }
    /// <summary>The protocol version of the sender.</summary>
    [JsonPropertyName("version")] public string Version { get; init; } = ProtocolVersion;

    /// <summary>A new header for a message this kernel sends.</summary>
    public static MessageHeader Create(string messageType, string session, string userName = "kernel") => new()
    {
        MessageId = Guid.NewGuid().ToString("N"),
        Session = session,
        UserName = userName,
        Date = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ"),
        MessageType = messageType,
    };
}
