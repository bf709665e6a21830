namespace Analysis.Node.Ingest;

/// <summary>A source file could not be ingested; names the file and, when known, the 1-based line.</summary>
public sealed class IngestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file name (without folder).</param>
    /// <param name="line">The 1-based line number, or 0 when the problem is not tied to a line.</param>
    /// <param name="problem">What is wrong.</param>
    public IngestException(string file, int line, string problem)
        : base(line > 0 ? $"{file} line {line}: {problem}" : $"{file}: {problem}")
    {
        File = file;
        Line = line;
    }

    /// <summary>The file name.</summary>
    public string File { get; }

    /// <summary>The 1-based line number, or 0.</summary>
    public int Line { get; }
}
