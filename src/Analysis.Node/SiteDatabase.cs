using DuckDB.NET.Data;

namespace Analysis.Node;

/// <summary>The site's DuckDB file in its data folder.</summary>
internal sealed class SiteDatabase
{
    /// <summary>The database file name inside the data folder.</summary>
    public const string FileName = "site.duckdb";

    /// <summary>Points at the database in <paramref name="dataDirectory"/>; the file is created on first open.</summary>
    /// <param name="dataDirectory">The site's data folder.</param>
    public SiteDatabase(string dataDirectory) => Path = System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), FileName);

    /// <summary>The database file path.</summary>
    public string Path { get; }

    /// <summary>Opens a new connection; DuckDB.NET shares one database instance between connections to the same file.</summary>
    /// <returns>An open connection the caller disposes.</returns>
    public DuckDBConnection Open()
    {
        var connection = new DuckDBConnection($"Data Source={Path}");
        connection.Open();
        RestrictFiles();
        return connection;
    }

    /// <summary>
    /// Narrows the database files to their owner. DuckDB creates them with the process's umask; done after every open
    /// (and every reuse of a pooled connection), which costs two system calls, because the write-ahead log comes and
    /// goes with checkpoints.
    /// </summary>
    public void RestrictFiles()
    {
        FileModes.RestrictToOwner(Path);
        FileModes.RestrictToOwner(Path + ".wal");
    }
}
