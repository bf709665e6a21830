namespace Analysis.Kernel.Transport;

/// <summary>
/// Kernel diagnostics go to the process's real standard error (the terminal running
/// Jupyter), never to a cell's output, which is redirected while cells run.
/// </summary>
public static class KernelLog
{
    private static readonly TextWriter Sink = TextWriter.Synchronized(new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });

    /// <summary>When false (the default), <see cref="Debug"/> lines are dropped.</summary>
    public static bool Verbose { get; set; } = Environment.GetEnvironmentVariable("ANALYSIS_KERNEL_DEBUG") is "1" or "true";

    /// <summary>Writes a warning line.</summary>
    public static void Warn(string message) => Sink.WriteLine($"[analysis-kernel] {DateTime.UtcNow:HH:mm:ss.fff} warn: {message}");

    /// <summary>Writes an informational line (asked-for measurements, such as cell timings).</summary>
    public static void Info(string message) => Sink.WriteLine($"[analysis-kernel] {DateTime.UtcNow:HH:mm:ss.fff} info: {message}");

    /// <summary>Writes a debug line when <see cref="Verbose"/> is on.</summary>
    public static void Debug(string message)
    {
        if (Verbose) Sink.WriteLine($"[analysis-kernel] {DateTime.UtcNow:HH:mm:ss.fff} debug: {message}");
    }
}
