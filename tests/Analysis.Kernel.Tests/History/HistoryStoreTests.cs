using Analysis.Kernel.History;

namespace Analysis.Kernel.Tests.History;

public sealed class HistoryStoreTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}", "history.jsonl");

    public void Dispose()
    {
        if (Directory.Exists(Path.GetDirectoryName(_path))) Directory.Delete(Path.GetDirectoryName(_path)!, true);
    }

    private HistoryStore WithTwoSessions()
    {
        var first = new HistoryStore(_path);
        first.Add(1, "var a = 1;", null);
        first.Add(2, "a + 1", "2");
        var second = new HistoryStore(_path);
        second.Add(1, "var b = 2;", null);
        second.Add(2, "b * 10", "20");
        second.Add(3, "var b = 2;", null);
        return second;
    }

    [Fact]
    public void Each_start_is_a_new_session_and_history_persists()
    {
        var store = WithTwoSessions();
        Assert.Equal(2, store.Session);
        Assert.Equal(3, new HistoryStore(_path).Session);
        Assert.Equal(5, new HistoryStore(_path).Tail(100).Count);
    }

    [Fact]
    public void Tail_returns_the_last_entries_across_sessions()
    {
        var tail = WithTwoSessions().Tail(3);
        Assert.Equal(["var b = 2;", "b * 10", "var b = 2;"], tail.Select(e => e.Input));
    }

    [Fact]
    public void Range_counts_sessions_back_from_the_current_one()
    {
        var store = WithTwoSessions();
        Assert.Equal(["var b = 2;", "b * 10"], store.Range(0, 1, 3).Select(e => e.Input));
        Assert.Equal(["a + 1"], store.Range(-1, 2, 0).Select(e => e.Input));
        Assert.Equal(["var a = 1;", "a + 1"], store.Range(1, 1, 0).Select(e => e.Input));
    }

    [Fact]
    public void Search_matches_globs_and_can_drop_duplicates()
    {
        var store = WithTwoSessions();
        Assert.Equal(3, store.Search("var *", 0, unique: false).Count);
        Assert.Equal(["var a = 1;", "var b = 2;"], store.Search("var *", 0, unique: true).Select(e => e.Input));
        Assert.Equal(["b * 10"], store.Search("b ? 10", 0, unique: false).Select(e => e.Input));
        Assert.Single(store.Search("var *", 1, unique: false));
    }

    [Fact]
    public void A_torn_line_is_skipped_and_the_rest_kept()
    {
        WithTwoSessions();
        File.AppendAllText(_path, "{\"Session\":2,\"Li");
        var store = new HistoryStore(_path);
        Assert.Equal(5, store.Tail(100).Count);
        Assert.Equal(3, store.Session);
    }

    [Fact]
    public void Outputs_are_kept()
    {
        Assert.Equal("20", WithTwoSessions().Search("b * 10", 0, false).Single().Output);
    }
}
