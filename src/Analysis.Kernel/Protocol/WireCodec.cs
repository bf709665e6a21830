using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Analysis.Kernel.Protocol;

/// <summary>
/// Turns a Jupyter message into ZeroMQ frames and back:
/// identities, <c>&lt;IDS|MSG&gt;</c>, signature, header, parent header, metadata, content, buffers.
/// </summary>
public sealed class WireCodec(MessageSigner signer)
{
    /// <summary>The delimiter frame between routing identities and the signed message.</summary>
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <summary>The signer used for both directions.</summary>
    public MessageSigner Signer => signer;

    /// <summary>Encodes and signs a message into frames ready to send.</summary>
    public List<byte[]> Encode(JupyterMessage message)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(message.Header, ProtocolJson.Options);
        var parent = message.ParentHeader is null ? EmptyObject : JsonSerializer.SerializeToUtf8Bytes(message.ParentHeader, ProtocolJson.Options);
        var metadata = JsonSerializer.SerializeToUtf8Bytes(message.Metadata, ProtocolJson.Options);
        var content = JsonSerializer.SerializeToUtf8Bytes(message.Content, ProtocolJson.Options);
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(header, parent, metadata, content)));
        frames.Add(header);
        frames.Add(parent);
        frames.Add(metadata);
        frames.Add(content);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>
    /// Decodes received frames and checks the signature.
    /// </summary>
    /// <exception cref="WireFormatException">The frames are malformed or the signature does not match.</exception>
    public JupyterMessage Decode(IReadOnlyList<byte[]> frames)
    {
        int delimiter = -1;
        for (int i = 0; i < frames.Count; i++)
        {
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        }
        if (delimiter < 0) throw new WireFormatException("message has no <IDS|MSG> delimiter frame");
        if (frames.Count < delimiter + 6)
            throw new WireFormatException($"message has {frames.Count - delimiter - 1} frames after the delimiter; expected at least 5 (signature, header, parent_header, metadata, content)");

        var signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        byte[] header = frames[delimiter + 2], parent = frames[delimiter + 3], metadata = frames[delimiter + 4], content = frames[delimiter + 5];
        if (!signer.Verify(signature, header, parent, metadata, content))
            throw new WireFormatException(signature.Length == 0 ? "message is not signed" : "message signature does not match");

        return new JupyterMessage
        {
            Identities = frames.Take(delimiter).ToArray(),
            Header = ParseHeader(header, "header") ?? throw new WireFormatException("header frame is an empty object"),
            ParentHeader = ParseHeader(parent, "parent_header"),
            Metadata = ParseObject(metadata, "metadata"),
            Content = ParseObject(content, "content"),
            Buffers = frames.Skip(delimiter + 6).ToArray(),
        };
    }

    private static MessageHeader? ParseHeader(byte[] frame, string name)
    {
        var obj = ParseObject(frame, name);
        if (obj.Count == 0) return null;
        string Require(string field) =>
            obj[field] is JsonValue v && v.TryGetValue(out string? s) ? s
            : throw new WireFormatException($"{name}.{field} is missing or not a string");
        string Optional(string field) => obj[field] is JsonValue v && v.TryGetValue(out string? s) ? s : "";
        return new MessageHeader
        {
            MessageId = Require("msg_id"),
            MessageType = Require("msg_type"),
            Session = Optional("session"),
            UserName = Optional("username"),
            Date = obj["date"]?.ToString() ?? "",
            Version = Optional("version"),
        };
    }

    private static JsonObject ParseObject(byte[] frame, string name)
    {
        try
        {
            return JsonNode.Parse(frame) as JsonObject ?? throw new WireFormatException($"{name} frame is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new WireFormatException($"{name} frame is not valid JSON: {e.Message}", e);
        }
    }
}
