using Analysis.Kernel.Execution;

namespace Analysis.Kernel.Tests.Execution;

public class InterruptWindowTests
{
    [Fact]
    public void A_blocked_wait_inside_the_window_is_woken()
    {
        using var cts = new CancellationTokenSource();
        using var blocked = new ManualResetEventSlim();
        Exception? thrown = null;
        var cell = new Thread(() =>
        {
            using (InterruptWindow.Open(cts.Token))
            {
                try
                {
                    blocked.Set();
                    Thread.Sleep(Timeout.Infinite);
                }
                catch (ThreadInterruptedException e) { thrown = e; }
            }
        });
        cell.Start();
        blocked.Wait();
        cts.Cancel();
        Assert.True(cell.Join(TimeSpan.FromSeconds(60)), "the sleeping thread was not woken");
        Assert.IsType<ThreadInterruptedException>(thrown);
    }

    [Fact]
    public void An_interrupt_that_did_not_land_inside_the_window_is_not_left_pending()
    {
        // The token fires while the thread is busy (not blocked): the interrupt is pending when the
        // window closes, and must not surface in the thread's next wait (kernel code, in the kernel).
        using var cts = new CancellationTokenSource();
        using (InterruptWindow.Open(cts.Token)) cts.Cancel();
        var next = Record.Exception(() => Thread.Sleep(1));
        Assert.Null(next);
    }

    [Fact]
    public void After_the_window_closes_the_token_interrupts_nothing()
    {
        using var cts = new CancellationTokenSource();
        using (InterruptWindow.Open(cts.Token)) { }
        cts.Cancel();
        Assert.Null(Record.Exception(() => Thread.Sleep(1)));
    }

    [Fact]
    public void A_token_cancelled_before_the_window_opens_interrupts_the_first_wait_inside_it()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Exception? inside;
        using (InterruptWindow.Open(cts.Token)) inside = Record.Exception(() => Thread.Sleep(Timeout.Infinite));
        Assert.IsType<ThreadInterruptedException>(inside);
        Assert.Null(Record.Exception(() => Thread.Sleep(1)));
    }
}
