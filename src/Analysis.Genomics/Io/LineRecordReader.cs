namespace Analysis.Genomics.Io;

/// <summary>A reader of a tab-separated genomics file whose header is read on open and whose records stream once.</summary>
/// <typeparam name="TRecord">The record type.</typeparam>
public abstract class LineRecordReader<TRecord> : IDisposable
{
    private readonly TextSource _source;
    private readonly DataLines _lines;
    private readonly Func<string, TRecord> _parse;
    private readonly string _file;
    private bool _started;

    private protected LineRecordReader(TextSource source, Func<string, TRecord> parse, BadLine onError)
    {
        _source = source;
        _file = source.Name;
        _parse = parse;
        _lines = new DataLines(source, onError);
    }

    /// <summary>Creates a reader over <paramref name="source"/>, closing the source if its header is bad.</summary>
    private protected static T Create<T>(TextSource source, Func<TextSource, T> create)
    {
        try
        {
            return create(source);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>The malformed lines skipped so far (under <see cref="BadLine.Skip"/>); complete once the records are read.</summary>
    public IReadOnlyList<SkippedLine> Skipped => _lines.Skipped;

    /// <summary>The records, read as they are enumerated (once), in bounded memory.</summary>
    /// <exception cref="GenomicsFormatException">A malformed line under <see cref="BadLine.Fail"/> (file and line named).</exception>
    /// <exception cref="InvalidOperationException">The records were already read.</exception>
    public IEnumerable<TRecord> Records(CancellationToken cancellationToken = default)
    {
        Start();
        return _lines.Parse(_parse, cancellationToken);
    }

    /// <summary>The records, read asynchronously as they are enumerated (once).</summary>
    /// <exception cref="GenomicsFormatException">A malformed line under <see cref="BadLine.Fail"/> (file and line named).</exception>
    /// <exception cref="InvalidOperationException">The records were already read.</exception>
    public IAsyncEnumerable<TRecord> RecordsAsync(CancellationToken cancellationToken = default)
    {
        Start();
        return _lines.ParseAsync(_parse, cancellationToken);
    }

    private void Start()
    {
        if (_started) throw new InvalidOperationException($"{_file}: the records were already read; open the file again to read them again");
        _started = true;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _source.Dispose();
        GC.SuppressFinalize(this);
    }
}
