namespace Analysis.Genomics.Io;

/// <summary>What a reader does with a malformed data line.</summary>
public enum BadLine
{
    /// <summary>Stop with a <see cref="GenomicsFormatException"/> naming the file and line (the default).</summary>
    Fail,

    /// <summary>Leave the line out, count it and list it in the reader's <c>Skipped</c> lines.</summary>
    Skip,
}

/// <summary>A data line a reader left out under <see cref="BadLine.Skip"/>.</summary>
/// <param name="File">The file (or stream name) it came from.</param>
/// <param name="Line">Its 1-based line number in the decompressed text.</param>
/// <param name="Reason">What was wrong with it.</param>
public sealed record SkippedLine(string File, long Line, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}: {Reason}";
}

/// <summary>A genomics file is malformed; the message starts with <c>file:line:</c>.</summary>
public sealed class GenomicsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file (or stream name).</param>
    /// <param name="line">The 1-based line number, or 0 for the file as a whole.</param>
    /// <param name="reason">What is wrong.</param>
    public GenomicsFormatException(string file, long line, string reason) : base($"{file}:{line}: {reason}")
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file (or stream name).</summary>
    public string File { get; }

    /// <summary>The 1-based line number; 0 when the problem is the file as a whole (e.g. no header).</summary>
    public long Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }
}

/// <summary>Thrown by a line parser for a malformed line; the reader adds the file and line, then fails or skips.</summary>
internal sealed class LineFormatException(string reason) : Exception(reason);
