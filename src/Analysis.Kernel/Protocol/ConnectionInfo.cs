using System.Text.Json;
using System.Text.Json.Serialization;

namespace Analysis.Kernel.Protocol;

/// <summary>
/// The contents of a Jupyter connection file: where the five channels listen and how
/// messages are signed. See the Jupyter client documentation, "Connection files".
/// </summary>
public sealed record ConnectionInfo
{
    /// <summary>Transport, normally <c>tcp</c> (or <c>ipc</c>).</summary>
    [JsonPropertyName("transport")] public string Transport { get; init; } = "tcp";
    /// <summary>The address the sockets bind to, for example <c>127.0.0.1</c>.</summary>
    [JsonPropertyName("ip")] public string IP { get; init; } = "127.0.0.1";
    /// <summary>Shell channel port (ROUTER): execute, complete, inspect, history requests.</summary>
    [JsonPropertyName("shell_port")] public int ShellPort { get; init; }
    /// <summary>IOPub channel port (PUB): outputs and status broadcast to every front end.</summary>
    [JsonPropertyName("iopub_port")] public int IOPubPort { get; init; }
    /// <summary>Stdin channel port (ROUTER): input requests to the front end.</summary>
    [JsonPropertyName("stdin_port")] public int StdinPort { get; init; }
    /// <summary>Control channel port (ROUTER): interrupt and shutdown, served even while a cell runs.</summary>
    [JsonPropertyName("control_port")] public int ControlPort { get; init; }
    /// <summary>Heartbeat port (REP): echoes whatever arrives.</summary>
    [JsonPropertyName("hb_port")] public int HeartbeatPort { get; init; }
    /// <summary>The HMAC key; empty disables signing.</summary>
    [JsonPropertyName("key")] public string Key { get; init; } = "";
    /// <summary>The signature scheme; only <c>hmac-sha256</c> (or empty) is supported.</summary>
    [JsonPropertyName("signature_scheme")] public string SignatureScheme { get; init; } = "hmac-sha256";
    /// <summary>The kernel name the front end started, if it says.</summary>
    [JsonPropertyName("kernel_name")] public string? KernelName { get; init; }

    /// <summary>The ZeroMQ endpoint for a port, e.g. <c>tcp://127.0.0.1:5555</c>.</summary>
    public string Endpoint(int port) =>
        Transport == "ipc" ? $"ipc://{IP}-{port}" : $"{Transport}://{IP}:{port}";

    /// <summary>Reads and validates a connection file.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON or lacks a port.</exception>
    public static ConnectionInfo Load(string path)
    {
        ConnectionInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<ConnectionInfo>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Connection file '{path}' is not valid JSON: {e.Message}", e);
        }
        if (info is null) throw new InvalidDataException($"Connection file '{path}' is empty.");
        info.Validate(path);
        return info;
    }

    private void Validate(string path)
    {
        foreach (var (name, port) in new[] {
            ("shell_port", ShellPort), ("iopub_port", IOPubPort), ("stdin_port", StdinPort),
            ("control_port", ControlPort), ("hb_port", HeartbeatPort) })
        {
            if (port is <= 0 or > 65535)
                throw new InvalidDataException($"Connection file '{path}': {name} must be a port between 1 and 65535, got {port}.");
        }
        if (SignatureScheme is not ("hmac-sha256" or ""))
            throw new InvalidDataException($"Connection file '{path}': signature_scheme '{SignatureScheme}' is not supported; use hmac-sha256.");
    }
}
