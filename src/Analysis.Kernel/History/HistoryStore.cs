using System.Text.Json;
using System.Text.RegularExpressions;
using Analysis.Kernel.Transport;

namespace Analysis.Kernel.History;

/// <summary>One stored cell input (and its text output when known).</summary>
/// <param name="Session">Session number; each kernel start is a new session.</param>
/// <param name="Line">Execution count within the session.</param>
/// <param name="Input">The cell's source.</param>
/// <param name="Output">The text/plain of the cell's result, if it had one.</param>
public sealed record HistoryEntry(int Session, int Line, string Input, string? Output);

/// <summary>
/// Cell history across kernel sessions, as IPython keeps it: an append-only JSON-lines file
/// (one entry per line, so a crash loses at most the line being written), read back for
/// <c>history_request</c> tail, range and search queries.
/// </summary>
public sealed class HistoryStore
{
    private readonly string? _path;
    private readonly List<HistoryEntry> _entries = [];
    private readonly Lock _gate = new();

    /// <summary>The current session's number.</summary>
    public int Session { get; }

    /// <summary>Opens (or creates) the history file; a null path keeps history in memory only.</summary>
    public HistoryStore(string? path)
    {
        _path = path;
        if (path is not null && File.Exists(path))
        {
            int lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line)) continue;
                try
                {
                    if (JsonSerializer.Deserialize<HistoryEntry>(line) is { } entry) _entries.Add(entry);
                }
                catch (JsonException e)
                {
                    // A torn last line from a crash must not cost the rest of the history.
                    KernelLog.Warn($"history file {path} line {lineNumber} skipped: {e.Message}");
                }
            }
        }
        Session = _entries.Count == 0 ? 1 : _entries.Max(e => e.Session) + 1;
    }

    /// <summary>The default history file: <c>$XDG_DATA_HOME/analysis-kernel/history.jsonl</c>, or the path in <c>ANALYSIS_KERNEL_HISTORY</c>.</summary>
    public static string DefaultPath()
    {
        if (Environment.GetEnvironmentVariable("ANALYSIS_KERNEL_HISTORY") is { Length: > 0 } overridden) return overridden;
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "analysis-kernel", "history.jsonl");
    }

    /// <summary>Records a cell of the current session.</summary>
    public void Add(int line, string input, string? output)
    {
        var entry = new HistoryEntry(Session, line, input, output);
        lock (_gate)
        {
            _entries.Add(entry);
            if (_path is null) return;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                File.AppendAllText(_path, JsonSerializer.Serialize(entry) + "\n");
            }
            catch (IOException e)
            {
                KernelLog.Warn($"could not append to history file {_path}: {e.Message}");
            }
        }
    }

    /// <summary>The last <paramref name="n"/> entries across sessions, oldest first.</summary>
    public IReadOnlyList<HistoryEntry> Tail(int n)
    {
        lock (_gate) return _entries.TakeLast(Math.Max(0, n)).ToArray();
    }

    /// <summary>
    /// Entries of one session with <paramref name="start"/> &lt;= line &lt; <paramref name="stop"/>
    /// (stop 0 or less means to the end). Session 0 is the current one; negative numbers
    /// count back from it, as in IPython.
    /// </summary>
    public IReadOnlyList<HistoryEntry> Range(int session, int start, int stop)
    {
        int target = session <= 0 ? Session + session : session;
        lock (_gate)
            return _entries.Where(e => e.Session == target && e.Line >= start && (stop <= 0 || e.Line < stop)).ToArray();
    }

    /// <summary>
    /// Entries whose input matches a glob pattern (<c>*</c> and <c>?</c>), the last
    /// <paramref name="n"/> of them (all when n is 0 or less), duplicates removed when
    /// <paramref name="unique"/>.
    /// </summary>
    public IReadOnlyList<HistoryEntry> Search(string pattern, int n, bool unique)
    {
        var regex = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.Singleline);
        HistoryEntry[] matches;
        lock (_gate) matches = _entries.Where(e => regex.IsMatch(e.Input)).ToArray();
        if (unique) matches = matches.Reverse().DistinctBy(e => e.Input).Reverse().ToArray();
        return n > 0 ? matches.TakeLast(n).ToArray() : matches;
    }
}
