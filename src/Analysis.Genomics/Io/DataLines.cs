namespace Analysis.Genomics.Io;

/// <summary>
/// The data lines of a tab-separated genomics file after its header, parsed one at a time: a malformed line either
/// fails with the file and line or is skipped and listed, as the reader's <see cref="BadLine"/> option says.
/// </summary>
internal sealed class DataLines(TextSource source, BadLine onError)
{
    private readonly List<SkippedLine> _skipped = [];

    public IReadOnlyList<SkippedLine> Skipped => _skipped;

    /// <summary>Parses every remaining non-empty line with <paramref name="parse"/>, which throws <see cref="LineFormatException"/> for a bad one.</summary>
    public IEnumerable<T> Parse<T>(Func<string, T> parse, CancellationToken cancellationToken = default)
    {
        while (source.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryParse(line, parse, out var value)) yield return value;
        }
    }

    /// <summary>As <see cref="Parse{T}"/>, reading asynchronously.</summary>
    public async IAsyncEnumerable<T> ParseAsync<T>(Func<string, T> parse, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await source.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            if (TryParse(line, parse, out var value)) yield return value;
    }

    private bool TryParse<T>(string line, Func<string, T> parse, out T value)
    {
        value = default!;
        // '#' lines after the header are comments too, as pandas' comment="#" and maftools treat them.
        if (line.Length == 0 || line[0] == '#') return false;
        try
        {
            value = parse(line);
            return true;
        }
        catch (LineFormatException e)
        {
            if (onError == BadLine.Fail) throw new GenomicsFormatException(source.Name, source.LineNumber, e.Message);
            _skipped.Add(new SkippedLine(source.Name, source.LineNumber, e.Message));
            return false;
        }
    }
}
