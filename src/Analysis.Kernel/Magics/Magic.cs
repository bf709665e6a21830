namespace Analysis.Kernel.Magics;

/// <summary>
/// A cell magic: a <c>#!name arguments</c> line at the top of a cell that changes how the
/// cell runs or reports on the session. Magics wrap the cell: call <c>runCell</c> to run
/// the rest of it (or not, for a magic that only reports).
/// </summary>
public abstract class Magic
{
    /// <summary>The name after <c>#!</c>, e.g. <c>time</c>.</summary>
    public abstract string Name { get; }

    /// <summary>One line saying what the magic does, shown by <c>#!lsmagic</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Runs the magic around the cell.</summary>
    /// <param name="context">The session and the cell's output.</param>
    /// <param name="arguments">The text after the magic's name on its line.</param>
    /// <param name="runCell">Runs the cell's code (and any later magics).</param>
    public abstract Task RunAsync(MagicContext context, string arguments, Func<Task> runCell);
}

/// <summary>What a magic can reach.</summary>
/// <param name="Session">The script session, for its variables.</param>
/// <param name="Out">The cell's standard output.</param>
/// <param name="Magics">Every registered magic.</param>
public sealed record MagicContext(Execution.ScriptSession Session, TextWriter Out, MagicRegistry Magics);
