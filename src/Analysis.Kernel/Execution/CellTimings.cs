using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Analysis.Kernel.Execution;

/// <summary>
/// Where one cell's time went, step by step, in milliseconds. The kernel sends these in the
/// <c>execute_reply</c> metadata (<c>analysis_timings_ms</c>) when <see cref="Variable"/> is 1,
/// so a benchmark can say which step a slow or growing round trip spends its time in.
/// </summary>
public sealed class CellTimings
{
    /// <summary>Set this environment variable to 1 to have the kernel report each cell's timings.</summary>
    public const string Variable = "ANALYSIS_KERNEL_TIMINGS";

    /// <summary>True when <see cref="Variable"/> asks for timings in replies.</summary>
    public static bool Reported { get; } = Environment.GetEnvironmentVariable(Variable) is "1" or "true";

    private readonly List<(string Step, double Milliseconds)> _steps = [];
    private long _mark = Stopwatch.GetTimestamp();

    /// <summary>Ends the current step as <paramref name="step"/> and starts the next one.</summary>
    public void Lap(string step)
    {
        var now = Stopwatch.GetTimestamp();
        Add(step, Stopwatch.GetElapsedTime(_mark, now).TotalMilliseconds);
        _mark = now;
    }

    /// <summary>Restarts the clock without recording the time since the last lap (time another step accounts for).</summary>
    public void Skip() => _mark = Stopwatch.GetTimestamp();

    /// <summary>Adds time to <paramref name="step"/> (steps that happen more than once, such as a compile retried, add up).</summary>
    public void Add(string step, double milliseconds)
    {
        int i = _steps.FindIndex(s => s.Step == step);
        if (i < 0) _steps.Add((step, milliseconds));
        else _steps[i] = (step, _steps[i].Milliseconds + milliseconds);
    }

    /// <summary>The steps in the order they first happened.</summary>
    public IReadOnlyList<(string Step, double Milliseconds)> Steps => _steps;

    /// <summary>The steps as a JSON object of step: milliseconds (rounded to 0.01 ms).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (step, ms) in _steps) json[step] = Math.Round(ms, 2);
        return json;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", _steps.Select(s => $"{s.Step} {s.Milliseconds:F1} ms"));
}
