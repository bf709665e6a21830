using Analysis.Node.Pipeline;
using DuckDB.NET.Data;

namespace Analysis.Node.Query;

/// <summary>Runs read-only SQL against the site database under the policy's timeout.</summary>
/// <remarks>Holds one connection open for its lifetime although no query uses it: DuckDB.NET closes the database when
/// its last connection closes, and reopening the file for every request cost tens of milliseconds. Connections are
/// reused (one query at a time each, as DuckDB requires) rather than opened per query with the two permission calls
/// each open makes; a connection whose query failed or was interrupted is not reused.</remarks>
internal sealed class QueryExecutor : IDisposable
{
    private const int MaxIdle = 16;
    private readonly SiteDatabase _database;
    private readonly DuckDBConnection _anchor;
    private readonly TimeSpan _timeout;
    private readonly System.Collections.Concurrent.ConcurrentBag<DuckDBConnection> _idle = [];

    /// <summary>Creates the executor.</summary>
    /// <param name="database">The site database.</param>
    /// <param name="timeout">How long a query may run before it is interrupted.</param>
    public QueryExecutor(SiteDatabase database, TimeSpan timeout)
    {
        _database = database;
        _anchor = database.Open();
        _timeout = timeout;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (_idle.TryTake(out var connection)) connection.Dispose();
        _anchor.Dispose();
    }

    /// <summary>Runs a query and returns every row.</summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="parameters">Parameters the text refers to.</param>
    /// <param name="cancellation">Cancels the query (e.g. the client went away).</param>
    /// <returns>The rows, each as its column values (<c>null</c> for SQL NULL).</returns>
    /// <exception cref="RequestException">The query exceeded the timeout (503).</exception>
    public List<object?[]> Rows(string sql, IEnumerable<DuckDBParameter> parameters, CancellationToken cancellation = default)
    {
        var connection = _idle.TryTake(out var idle) ? idle : _database.Open();
        var reusable = false;
        try
        {
            var rows = Run(connection, sql, parameters, cancellation, out var interrupted);
            // An interrupt that arrived as the query ended could still be pending on the connection: not reused.
            reusable = !interrupted;
            return rows;
        }
        finally
        {
            if (reusable && _idle.Count < MaxIdle) _idle.Add(connection);
            else connection.Dispose();
        }
    }

    private List<object?[]> Run(DuckDBConnection connection, string sql, IEnumerable<DuckDBParameter> parameters, CancellationToken cancellation, out bool interrupted)
    {
        interrupted = true;
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        // Parameters belong to one command; copies let a condition be reused across several queries.
        foreach (var p in parameters) command.Parameters.Add(new DuckDBParameter(p.ParameterName, p.Value));
        // The request's one deadline (RequestDeadline) interrupts the query too, not only this query's own timeout.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation, RequestDeadline.Current);
        timeout.CancelAfter(_timeout);
        var registration = timeout.Token.Register(command.Cancel);
        try
        {
            var rows = new List<object?[]>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
            }
            // Disposing the registration waits for a cancel already running; after it none can start.
            registration.Dispose();
            interrupted = timeout.IsCancellationRequested;
            return rows;
        }
        catch (Exception e) when (timeout.IsCancellationRequested && e is DuckDBException or OperationCanceledException)
        {
            throw new RequestException(503, "query-timeout", "Query timed out", $"the query ran longer than {_timeout.TotalSeconds:0} s and was stopped");
        }
        finally
        {
            registration.Dispose();
        }
    }

    /// <summary>Runs a query returning one number.</summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="parameters">Parameters the text refers to.</param>
    /// <returns>The number in the first column of the first row (0 when NULL).</returns>
    public long Scalar(string sql, IEnumerable<DuckDBParameter> parameters) =>
        Rows(sql, parameters) is [[var v, ..], ..] && v is not null ? Convert.ToInt64(v) : 0;
}
