using Analysis.Node.Pipeline;
using DuckDB.NET.Data;

namespace Analysis.Node.Query;

/// <summary>Runs read-only SQL against the site database under the policy's timeout.</summary>
/// <remarks>Holds one connection open for its lifetime although no query uses it: DuckDB.NET closes the database when
/// its last connection closes, and reopening the file for every request cost tens of milliseconds. Queries run on
/// connections kept in a small pool: opening one per query was a quarter of a query's time (issue 16's profile of the
/// federated Cox and Kaplan-Meier requests). A connection serves one query at a time; one whose query failed or was
/// interrupted is closed rather than reused.</remarks>
internal sealed class QueryExecutor : IDisposable
{
    // Beyond this many idle connections, returned ones are closed: enough for the request limiter's concurrency on
    // small machines without holding a DuckDB client context per burst forever.
    private const int MaxIdle = 16;

    private readonly SiteDatabase _database;
    private readonly DuckDBConnection _anchor;
    private readonly TimeSpan _timeout;
    private readonly System.Collections.Concurrent.ConcurrentBag<DuckDBConnection> _idle = [];
    private bool _disposed;

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
        _disposed = true;
        while (_idle.TryTake(out var connection)) connection.Dispose();
        _anchor.Dispose();
    }

    private DuckDBConnection Rent()
    {
        if (!_idle.TryTake(out var connection)) return _database.Open();
        _database.RestrictFiles();
        return connection;
    }

    private void Return(DuckDBConnection connection)
    {
        if (_disposed || _idle.Count >= MaxIdle) connection.Dispose();
        else
        {
            _idle.Add(connection);
            // Disposed meanwhile: the pool may already have been emptied, so empty it again.
            if (_disposed)
                while (_idle.TryTake(out var idle)) idle.Dispose();
        }
    }

    /// <summary>Runs a query and returns every row.</summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="parameters">Parameters the text refers to.</param>
    /// <param name="cancellation">Cancels the query (e.g. the client went away).</param>
    /// <returns>The rows, each as its column values (<c>null</c> for SQL NULL).</returns>
    /// <exception cref="RequestException">The query exceeded the timeout (503).</exception>
    public List<object?[]> Rows(string sql, IEnumerable<DuckDBParameter> parameters, CancellationToken cancellation = default)
    {
        var connection = Rent();
        var reusable = false;
        try
        {
            var rows = Run(connection, sql, parameters, cancellation, out var interrupted);
            // An interrupt that raced the query's end may still be pending on the connection, for its next query.
            reusable = !interrupted;
            return rows;
        }
        finally
        {
            if (reusable) Return(connection);
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
                while (reader.Read())
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
            // Once unregistered (Dispose waits for a running callback), no interrupt can reach the connection any more.
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
