using Analysis.Node.Pipeline;
using DuckDB.NET.Data;

namespace Analysis.Node.Query;

/// <summary>Runs read-only SQL against the site database under the policy's timeout.</summary>
/// <remarks>Holds one connection open for its lifetime although no query uses it: DuckDB.NET closes the database when
/// its last connection closes, and reopening the file for every request cost tens of milliseconds.</remarks>
internal sealed class QueryExecutor : IDisposable
{
    private readonly SiteDatabase _database;
    private readonly DuckDBConnection _anchor;
    private readonly TimeSpan _timeout;

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
    public void Dispose() => _anchor.Dispose();

    /// <summary>Runs a query and returns every row.</summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="parameters">Parameters the text refers to.</param>
    /// <param name="cancellation">Cancels the query (e.g. the client went away).</param>
    /// <returns>The rows, each as its column values (<c>null</c> for SQL NULL).</returns>
    /// <exception cref="RequestException">The query exceeded the timeout (503).</exception>
    public List<object?[]> Rows(string sql, IEnumerable<DuckDBParameter> parameters, CancellationToken cancellation = default)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        // Parameters belong to one command; copies let a condition be reused across several queries.
        foreach (var p in parameters) command.Parameters.Add(new DuckDBParameter(p.ParameterName, p.Value));
        // The request's one deadline (RequestDeadline) interrupts the query too, not only this query's own timeout.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation, RequestDeadline.Current);
        timeout.CancelAfter(_timeout);
        using var registration = timeout.Token.Register(command.Cancel);
        try
        {
            using var reader = command.ExecuteReader();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return rows;
        }
        catch (Exception e) when (timeout.IsCancellationRequested && e is DuckDBException or OperationCanceledException)
        {
            throw new RequestException(503, "query-timeout", "Query timed out", $"the query ran longer than {_timeout.TotalSeconds:0} s and was stopped");
        }
    }

    /// <summary>Runs a query returning one number.</summary>
    /// <param name="sql">The SQL text.</param>
    /// <param name="parameters">Parameters the text refers to.</param>
    /// <returns>The number in the first column of the first row (0 when NULL).</returns>
    public long Scalar(string sql, IEnumerable<DuckDBParameter> parameters) =>
        Rows(sql, parameters) is [[var v, ..], ..] && v is not null ? Convert.ToInt64(v) : 0;
}
