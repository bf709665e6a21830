using System.Text.Encodings.Web;
using System.Text.Json;

namespace Analysis.Kernel.Protocol;

/// <summary>Serializer settings shared by everything that writes protocol JSON.</summary>
public static class ProtocolJson
{
    /// <summary>Compact output; non-ASCII text left as is, since the wire is UTF-8.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };
}
