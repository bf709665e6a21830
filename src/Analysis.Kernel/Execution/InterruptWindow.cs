namespace Analysis.Kernel.Execution;

/// <summary>
/// The one place an interrupt may use <see cref="Thread.Interrupt"/>: while a cell's own
/// synchronous code runs on the thread that opened the window, so that a cell blocked in
/// <c>Thread.Sleep</c>, <c>Wait</c> or <c>Join</c> wakes up. Everything else a cell does
/// (awaits) is stopped by its cancellation token, which the kernel's wait observes.
/// </summary>
/// <remarks>
/// <para>The interrupt is delivered whenever the token fires while the window is open, whether
/// or not the thread is blocked at that instant: checking <see cref="Thread.ThreadState"/> first
/// races with a thread about to block (the interrupt was then lost), and an undelivered
/// <see cref="Thread.Interrupt"/> simply waits for the thread's next blocking call.</para>
/// <para>Closing the window makes sure none is left over: it stops further interrupts, waits for
/// one already being delivered, and consumes it if it has not landed yet. So a
/// <see cref="ThreadInterruptedException"/> never surfaces later in kernel code (a lock in the
/// output capture, the transport, a queue), where it could leave a lock or a queue broken.</para>
/// </remarks>
internal sealed class InterruptWindow : IDisposable
{
    private const int IsOpen = 0, IsClosed = 1, Interrupting = 2, Interrupted = 3;
    private readonly Thread _thread = Thread.CurrentThread;
    private readonly CancellationTokenRegistration _registration;
    private int _state;

    private InterruptWindow(CancellationToken token) =>
        // If the token has already fired, this interrupts right away: the cell's first blocking call throws.
        _registration = token.UnsafeRegister(static self => ((InterruptWindow)self!).Fire(), this);

    /// <summary>Opens a window on the current thread that <paramref name="token"/> interrupts.</summary>
    public static InterruptWindow Open(CancellationToken token) => new(token);

    private void Fire()
    {
        if (Interlocked.CompareExchange(ref _state, Interrupting, IsOpen) != IsOpen) return;
        _thread.Interrupt();
        Volatile.Write(ref _state, Interrupted);
    }

    /// <summary>Closes the window; afterwards no interrupt is pending on the thread and none can arrive.</summary>
    public void Dispose()
    {
        if (Interlocked.CompareExchange(ref _state, IsClosed, IsOpen) != IsOpen)
        {
            // The token fired: wait (without a blocking call, which the interrupt could hit)
            // until Thread.Interrupt has returned, then take the interrupt if it is still pending.
            while (Volatile.Read(ref _state) != Interrupted) Thread.Yield();
            ConsumePendingInterrupt();
        }
        _registration.Dispose();
    }

    /// <summary>Throws and catches an interrupt pending on the current thread, if any.</summary>
    internal static void ConsumePendingInterrupt()
    {
        // Sleep(0) is a blocking call: a pending interrupt is thrown here rather than in the next wait.
        try { Thread.Sleep(0); } catch (ThreadInterruptedException) { }
    }
}
