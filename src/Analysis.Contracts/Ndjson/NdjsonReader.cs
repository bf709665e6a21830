using System.Runtime.CompilerServices;

namespace Analysis.Contracts;

/// <summary>One JSON value of an NDJSON file and the 1-based line it stands on.</summary>
/// <param name="Number">The line number, counting blank lines too, as an editor shows it.</param>
/// <param name="Text">The line as read (one JSON value; not parsed here).</param>
public readonly record struct NdjsonLine(int Number, string Text);

/// <summary>
/// Reads NDJSON (newline-delimited JSON, the format of FHIR Bulk Data files): one JSON value per line, blank lines
/// skipped, every line numbered so a reader that parses it can name the line of a bad one. The only NDJSON line
/// reader: the FHIR library, the site node's ingest and the tests all read through it.
/// </summary>
public static class NdjsonReader
{
    /// <summary>The non-blank lines of <paramref name="reader"/>, numbered from 1.</summary>
    /// <param name="reader">The text; not disposed.</param>
    /// <param name="cancellationToken">Stops between lines.</param>
    public static IEnumerable<NdjsonLine> ReadLines(TextReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            number++;
            if (!string.IsNullOrWhiteSpace(line)) yield return new NdjsonLine(number, line);
        }
    }

    /// <summary>The non-blank lines of the file at <paramref name="path"/> (UTF-8, a byte order mark is skipped), numbered from 1.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IEnumerable<NdjsonLine> ReadLines(string path, CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(path);
        foreach (var line in ReadLines(reader, cancellationToken)) yield return line;
    }

    /// <summary>The non-blank lines of <paramref name="reader"/>, numbered from 1, read asynchronously (a download, a pipe).</summary>
    /// <param name="reader">The text; not disposed.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static async IAsyncEnumerable<NdjsonLine> ReadLinesAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line)) yield return new NdjsonLine(number, line);
        }
    }
}
