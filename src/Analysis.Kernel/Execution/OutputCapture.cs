using System.Text;

namespace Analysis.Kernel.Execution;

/// <summary>
/// Collects what cells write to <see cref="Console.Out"/> and <see cref="Console.Error"/>
/// and hands it on in order as (stream name, text) chunks: at least every flush interval
/// while a cell runs, before any rich display, and when the cell ends.
/// </summary>
public sealed class OutputCapture : IDisposable
{
    private readonly Action<string, string> _publish;
    private readonly Func<bool>? _accept;
    private readonly List<(string Name, StringBuilder Text)> _pending = [];
    private readonly Lock _gate = new();
    private readonly Timer _timer;

    /// <summary>Writer for standard output; install with <see cref="Console.SetOut"/>.</summary>
    public TextWriter Out { get; }
    /// <summary>Writer for standard error; install with <see cref="Console.SetError"/>.</summary>
    public TextWriter Error { get; }

    /// <summary>Creates the capture; <paramref name="publish"/> receives ("stdout" or "stderr", text).</summary>
    /// <param name="publish">Receives each chunk.</param>
    /// <param name="flushInterval">How often buffered text is sent while nothing else flushes it.</param>
    /// <param name="accept">
    /// Asked on the writing thread before text is kept; false drops it (the kernel drops what
    /// an interrupted cell's leftover code writes after the cell was given up). Null keeps all.
    /// </param>
    public OutputCapture(Action<string, string> publish, TimeSpan flushInterval, Func<bool>? accept = null)
    {
        _publish = publish;
        _accept = accept;
        Out = new StreamWriterSink(this, "stdout");
        Error = new StreamWriterSink(this, "stderr");
        _timer = new Timer(_ => Flush(), null, flushInterval, flushInterval);
    }

    /// <summary>Sends everything buffered so far.</summary>
    public void Flush()
    {
        (string Name, string Text)[] chunks;
        lock (_gate)
        {
            if (_pending.Count == 0) return;
            chunks = _pending.Select(p => (p.Name, p.Text.ToString())).ToArray();
            _pending.Clear();
            // Publishing under the lock keeps chunks from two flushes in order.
            foreach (var (name, text) in chunks) _publish(name, text);
        }
    }

    private void Append(string name, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || _accept?.Invoke() == false) return;
        lock (_gate)
        {
            if (_pending.Count > 0 && _pending[^1].Name == name) _pending[^1].Text.Append(text);
            else _pending.Add((name, new StringBuilder().Append(text)));
        }
    }

    /// <summary>Stops the timer after a last flush.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }

    private sealed class StreamWriterSink(OutputCapture owner, string name) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => owner.Append(name, [value]);
        public override void Write(string? value) => owner.Append(name, value);
        public override void Write(char[] buffer, int index, int count) => owner.Append(name, buffer.AsSpan(index, count));
        public override void Write(ReadOnlySpan<char> buffer) => owner.Append(name, buffer);
        public override void WriteLine(string? value) { owner.Append(name, value); owner.Append(name, "\n"); }
        public override void WriteLine() => owner.Append(name, "\n");
        public override void Flush() { }
    }
}
