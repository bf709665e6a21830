using Analysis.Kernel.Execution;

namespace Analysis.Kernel.Tests.Execution;

public class OutputCaptureTests
{
    [Fact]
    public void Chunks_keep_their_order_across_streams()
    {
        var published = new List<(string, string)>();
        using var capture = new OutputCapture((n, t) => published.Add((n, t)), TimeSpan.FromHours(1));
        capture.Out.Write("a");
        capture.Out.WriteLine("b");
        capture.Error.WriteLine("e");
        capture.Out.Write('c');
        capture.Flush();
        Assert.Equal([("stdout", "ab\n"), ("stderr", "e\n"), ("stdout", "c")], published);
    }

    [Fact]
    public void Buffered_output_is_sent_by_the_timer_without_an_explicit_flush()
    {
        using var arrived = new ManualResetEventSlim();
        using var capture = new OutputCapture((_, _) => arrived.Set(), TimeSpan.FromMilliseconds(50));
        capture.Out.Write("progress");
        Assert.True(arrived.Wait(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Nothing_is_sent_when_nothing_was_written()
    {
        int calls = 0;
        using var capture = new OutputCapture((_, _) => calls++, TimeSpan.FromHours(1));
        capture.Flush();
        Assert.Equal(0, calls);
    }
}
