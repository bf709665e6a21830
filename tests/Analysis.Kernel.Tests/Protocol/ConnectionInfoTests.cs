using Analysis.Kernel.Protocol;

namespace Analysis.Kernel.Tests.Protocol;

public sealed class ConnectionInfoTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"conn-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Reads_a_jupyter_connection_file()
    {
        File.WriteAllText(_path, """
            {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
             "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "csharp-analysis"}
            """);
        var info = ConnectionInfo.Load(_path);
        Assert.Equal(5001, info.ShellPort);
        Assert.Equal(5005, info.HeartbeatPort);
        Assert.Equal("abc", info.Key);
        Assert.Equal("tcp://127.0.0.1:5004", info.Endpoint(info.ControlPort));
    }

    [Fact]
    public void Invalid_json_names_the_file()
    {
        File.WriteAllText(_path, "{ shell_port: ");
        var e = Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(_path));
        Assert.Contains(_path, e.Message);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void Missing_port_is_named()
    {
        File.WriteAllText(_path, """{"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004}""");
        var e = Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(_path));
        Assert.Contains("hb_port", e.Message);
    }

    [Fact]
    public void Unsupported_signature_scheme_is_refused()
    {
        File.WriteAllText(_path, """{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "signature_scheme": "hmac-md5"}""");
        var e = Assert.Throws<InvalidDataException>(() => ConnectionInfo.Load(_path));
        Assert.Contains("hmac-md5", e.Message);
    }
}
