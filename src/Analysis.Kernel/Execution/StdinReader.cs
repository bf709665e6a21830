namespace Analysis.Kernel.Execution;

/// <summary>
/// Stands in for <see cref="Console.In"/>: each line read becomes an <c>input_request</c>
/// to the front end, answered by the user.
/// </summary>
internal sealed class StdinReader(Func<string, bool, string> requestLine) : TextReader
{
    private string? _rest;

    public override string? ReadLine()
    {
        if (_rest is { } rest) { _rest = null; return rest; }
        return requestLine("", false);
    }

    public override int Read()
    {
        _rest ??= requestLine("", false) + "\n";
        if (_rest.Length == 0) { _rest = null; return -1; }
        char c = _rest[0];
        _rest = _rest.Length == 1 ? null : _rest[1..];
        return c;
    }

    public override int Peek()
    {
        _rest ??= requestLine("", false) + "\n";
        return _rest.Length == 0 ? -1 : _rest[0];
    }

    public override string ReadToEnd() => ReadLine() ?? "";
}
