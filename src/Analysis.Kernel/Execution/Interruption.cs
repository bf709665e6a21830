namespace Analysis.Kernel.Execution;

/// <summary>
/// Cooperative interruption of a running cell. The kernel rewrites every loop body and
/// method body in a cell to call <see cref="Check"/>, so an interrupt stops even
/// <c>while (true) { }</c>. Long-running user code can also pass <see cref="Token"/> on to
/// I/O and library calls.
/// </summary>
public static class Interruption
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>The running cell's token; cancelled when the user interrupts the kernel.</summary>
    public static CancellationToken Token => Current.Value;

    /// <summary>Throws <see cref="OperationCanceledException"/> if the running cell was interrupted.</summary>
    public static void Check()
    {
        var token = Current.Value;
        if (token.IsCancellationRequested) throw new OperationCanceledException("The cell was interrupted.", token);
    }

    /// <summary>Makes <paramref name="token"/> the current cell's token for this thread and whatever it starts.</summary>
    internal static void Enter(CancellationToken token) => Current.Value = token;
}
