using System.Diagnostics;
using System.Globalization;

namespace Analysis.Kernel.Magics;

/// <summary><c>#!time</c>: reports the cell's wall-clock time and the CPU time the process spent on it.</summary>
public sealed class TimeMagic : Magic
{
    /// <inheritdoc/>
    public override string Name => "time";

    /// <inheritdoc/>
    public override string Description => "Time the cell: wall-clock and CPU time.";

    /// <inheritdoc/>
    public override async Task RunAsync(MagicContext context, string arguments, Func<Task> runCell)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        try
        {
            await runCell();
        }
        finally
        {
            wall.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wall time: {Format(wall.Elapsed)}, CPU time: {Format(cpu)}"));
        }
    }

    /// <summary>A duration with a unit that suits its size (µs, ms or s).</summary>
    public static string Format(TimeSpan t) => t.TotalMilliseconds switch
    {
        < 1 => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMicroseconds:0} µs"),
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.00} s"),
    };
}
