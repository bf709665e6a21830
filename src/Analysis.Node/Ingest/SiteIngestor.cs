using System.Security.Cryptography;
using Analysis.Fhir;
using DuckDB.NET.Data;

namespace Analysis.Node.Ingest;

/// <summary>Loads a site folder's FHIR NDJSON files and <c>mutations.maf</c> into the site's DuckDB database.</summary>
/// <remarks>
/// Incremental and idempotent: each file's name, size and SHA-256 go into <c>ingest_log</c>, so an unchanged file is
/// skipped, a new file is added and a changed file replaces the rows it contributed before. Each file is parsed in
/// full before anything is written and then written in one transaction, so a bad line leaves the database exactly
/// as it was for that file.
/// </remarks>
public sealed class SiteIngestor
{
    /// <summary>The MAF file name the contract fixes.</summary>
    public const string MafFileName = "mutations.maf";

    private readonly string _dataDirectory;
    private readonly SiteDatabase _database;

    /// <summary>Creates an ingestor for one site folder.</summary>
    /// <param name="dataDirectory">The folder holding the NDJSON files, the MAF and the database.</param>
    public SiteIngestor(string dataDirectory)
    {
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _database = new SiteDatabase(_dataDirectory);
    }

    /// <summary>
    /// Whether image features (tumour volume and intensity from the masks in <c>imaging/</c>) are computed: the site's
    /// policy allows <c>imaging.features</c> (<see cref="Configuration.NodeConfig.Processing"/>). Default true.
    /// </summary>
    public bool ImagingFeatures { get; init; } = true;

    /// <summary>Ingests every new or changed source file, then rebuilds the derived <c>patients</c> table.</summary>
    /// <returns>What was ingested, skipped and refused.</returns>
    public IngestReport Ingest()
    {
        using var connection = _database.Open();
        EnsureSchema(connection);
        var ingested = new Dictionary<string, long>();
        var unchanged = new List<string>();
        var errors = new List<IngestException>();
        foreach (var path in SourceFiles())
        {
            var name = Path.GetFileName(path);
            var (size, hash) = Fingerprint(path);
            if (AlreadyIngested(connection, name, size, hash))
            {
                unchanged.Add(name);
                continue;
            }
            try
            {
                var rows = Parse(path, name);
                ingested[name] = Write(connection, name, size, hash, rows);
            }
            catch (IngestException e)
            {
                errors.Add(e);
            }
        }
        Execute(connection, PatientsView.RebuildSql);
        var secret = Disclosure.SiteSecret.LoadOrCreate(_dataDirectory);
        AddRecordKeys(connection, secret);
        // Imaging last: a series links to a patient of the table just built.
        var imaging = Imaging.ImagingIngestor.Ingest(connection, _dataDirectory, secret, ImagingFeatures);
        return new IngestReport(ingested, unchanged, errors) { Imaging = imaging };
    }

    private IEnumerable<string> SourceFiles()
    {
        var ndjson = Directory.EnumerateFiles(_dataDirectory, "*.ndjson").Order(StringComparer.Ordinal);
        var maf = Path.Combine(_dataDirectory, MafFileName);
        return File.Exists(maf) ? ndjson.Append(maf) : ndjson;
    }

    private static Dictionary<TableSpec, List<object?[]>> Parse(string path, string name)
    {
        if (name == MafFileName) return new() { [SiteTables.Mutations] = MafTable.Read(path, name) };
        var rows = new Dictionary<TableSpec, List<object?[]>>();
        try
        {
            foreach (var line in FhirNdjson.ReadLines(path, FhirTables.Types))
            {
                (TableSpec Table, object?[] Row) parsed;
                try
                {
                    parsed = FhirTables.Row(line);
                }
                catch (FormatException e)
                {
                    throw new IngestException(name, line.Number, e.Message);
                }
                if (!rows.TryGetValue(parsed.Table, out var list)) rows[parsed.Table] = list = [];
                list.Add(parsed.Row);
            }
        }
        catch (FhirSourceException e)
        {
            throw new IngestException(name, e.Line ?? 0, e.Reason);
        }
        return rows;
    }

    private static long Write(DuckDBConnection connection, string name, long size, string hash, Dictionary<TableSpec, List<object?[]>> rows)
    {
        using var transaction = connection.BeginTransaction();
        try
        {
            foreach (var table in SiteTables.All) Execute(connection, $"DELETE FROM {table.Name} WHERE source_file = $name", ("name", name));
            long count = 0;
            foreach (var (table, list) in rows)
            {
                // The appender runs inside the connection's open transaction, so a rollback removes its rows too.
                using var appender = connection.CreateAppender(table.Name);
                foreach (var row in list)
                {
                    var r = appender.CreateRow();
                    foreach (var value in row) Append(r, value);
                    r.AppendValue(name).EndRow();
                }
                count += list.Count;
            }
            Execute(connection, "DELETE FROM ingest_log WHERE file_name = $name", ("name", name));
            Execute(connection, "INSERT INTO ingest_log VALUES ($name, $size, $hash, $rows, now())",
                ("name", name), ("size", size), ("hash", hash), ("rows", count));
            transaction.Commit();
            return count;
        }
        catch (DuckDBException e)
        {
            transaction.Rollback();
            throw new IngestException(name, 0, $"database write failed, nothing from this file was kept ({e.Message})");
        }
    }

    /// <summary>The columns disclosure control adds to <c>patients</c>; never released, not even to an open dataset's readers.</summary>
    internal static readonly string[] ProtectedColumns = ["record_key", "audit_index"];

    /// <summary>
    /// Gives every patient its secret record key (the cell-key method's) and a dense audit index (the cohort ledger's
    /// bitmap position), computed in C# because the key is an HMAC under the site's secret.
    /// </summary>
    private static void AddRecordKeys(DuckDBConnection connection, Disclosure.SiteSecret secret)
    {
        var ids = new List<string>();
        using (var command = Command(connection, "SELECT id FROM patients"))
        using (var reader = command.ExecuteReader())
            while (reader.Read()) ids.Add(reader.GetString(0));
        using var transaction = connection.BeginTransaction();
        Execute(connection, "CREATE OR REPLACE TEMP TABLE record_keys (id VARCHAR, record_key UBIGINT)");
        using (var appender = connection.CreateAppender("record_keys"))
            foreach (var id in ids) appender.CreateRow().AppendValue(id).AppendValue(secret.RecordKey(id)).EndRow();
        Execute(connection, """
            CREATE OR REPLACE TABLE patients AS
            SELECT p.*, k.record_key, CAST(row_number() OVER (ORDER BY k.record_key, p.id) - 1 AS INTEGER) AS audit_index
            FROM patients p JOIN record_keys k ON k.id = p.id
            """);
        Execute(connection, "DROP TABLE record_keys");
        transaction.Commit();
    }

    private static void Append(IDuckDBAppenderRow row, object? value)
    {
        switch (value)
        {
            case null: row.AppendNullValue(); break;
            case string s: row.AppendValue(s); break;
            case long l: row.AppendValue(l); break;
            case DateOnly d: row.AppendValue(d); break;
            default: throw new InvalidOperationException($"no appender mapping for {value.GetType()}");
        }
    }

    private static void EnsureSchema(DuckDBConnection connection)
    {
        DropTablesWithoutResourceColumn(connection);
        foreach (var table in SiteTables.All) Execute(connection, table.CreateSql);
        Execute(connection, "CREATE TABLE IF NOT EXISTS ingest_log (file_name VARCHAR PRIMARY KEY, size BIGINT, sha256 VARCHAR, rows BIGINT, ingested_at TIMESTAMP)");
    }

    /// <summary>A database from before the original JSON was kept cannot serve FHIR reads; its resource tables are
    /// rebuilt by forgetting every NDJSON file, so the next ingest reads them all again (the MAF is untouched).</summary>
    private static void DropTablesWithoutResourceColumn(DuckDBConnection connection)
    {
        long Count(string sql, params (string, object)[] parameters)
        {
            using var command = Command(connection, sql, parameters);
            return Convert.ToInt64(command.ExecuteScalar());
        }
        const string tableExists = "SELECT count(*) FROM information_schema.tables WHERE table_name = $t";
        var stale = SiteTables.All.Where(t => t.KeepsResource && Count(tableExists, ("t", t.Name)) > 0
            && Count("SELECT count(*) FROM information_schema.columns WHERE table_name = $t AND column_name = $c", ("t", t.Name), ("c", TableSpec.ResourceColumn)) == 0).ToList();
        if (stale.Count == 0) return;
        // One transaction, so an interrupted upgrade cannot leave the log claiming files whose rows were dropped.
        using var transaction = connection.BeginTransaction();
        if (Count(tableExists, ("t", "ingest_log")) > 0) Execute(connection, "DELETE FROM ingest_log WHERE file_name <> $maf", ("maf", MafFileName));
        foreach (var table in stale) Execute(connection, $"DROP TABLE {table.Name}");
        transaction.Commit();
    }

    private static bool AlreadyIngested(DuckDBConnection connection, string name, long size, string hash)
    {
        using var command = Command(connection, "SELECT count(*) FROM ingest_log WHERE file_name = $name AND size = $size AND sha256 = $hash",
            ("name", name), ("size", size), ("hash", hash));
        return Convert.ToInt64(command.ExecuteScalar()) > 0;
    }

    private static (long Size, string Hash) Fingerprint(string path)
    {
        using var stream = File.OpenRead(path);
        return (stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private static void Execute(DuckDBConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static DuckDBCommand Command(DuckDBConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (n, v) in parameters) command.Parameters.Add(new DuckDBParameter(n, v));
        return command;
    }
}
