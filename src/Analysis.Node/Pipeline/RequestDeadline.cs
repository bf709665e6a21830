using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Pipeline;

/// <summary>The one deadline of a request: reading, parsing, binding and answering all end when it passes.</summary>
/// <remarks>
/// Held in an <see cref="AsyncLocal{T}"/> so code far from the HTTP layer (<see cref="Query.QueryExecutor"/>) interrupts its
/// DuckDB query at the request's deadline without every signature carrying a token; code that runs outside a request
/// (ingest, exports) sees no deadline. The answer itself runs on a worker and the request stops waiting for it at the
/// deadline, so even work that cannot be interrupted (a long parse inside DuckDB) cannot hold the client past it.
/// </remarks>
internal sealed class RequestDeadline : IDisposable
{
    private static readonly AsyncLocal<RequestDeadline?> Ambient = new();
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly RequestDeadline? _outer;

    private RequestDeadline(TimeSpan limit, CancellationToken aborted)
    {
        Limit = limit;
        _timer = new CancellationTokenSource(limit);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, aborted);
        _outer = Ambient.Value;
        Ambient.Value = this;
    }

    /// <summary>The token cancelled at the current request's deadline (or when its client goes away); none outside a request.</summary>
    public static CancellationToken Current => Ambient.Value?._linked.Token ?? CancellationToken.None;

    /// <summary>Whether the current request's deadline has passed.</summary>
    public static bool CurrentExpired => Ambient.Value?.Expired == true;

    /// <summary>How long the request may take.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Cancelled at the deadline or when the client goes away.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>Whether the deadline (not the client) ended the request.</summary>
    public bool Expired => _timer.IsCancellationRequested;

    /// <summary>Starts the deadline of <paramref name="context"/>'s request and makes it the ambient one.</summary>
    /// <param name="context">The request.</param>
    /// <param name="limit">The site's <c>queryTimeoutSeconds</c>.</param>
    /// <returns>The deadline; dispose it when the answer is written.</returns>
    public static RequestDeadline Start(HttpContext context, TimeSpan limit) => new(limit, context.RequestAborted);

    /// <summary>The problem answered when the deadline passes.</summary>
    public RequestException Exceeded() => Exceeded(Limit);

    /// <summary>The problem answered when a request runs past <paramref name="limit"/>.</summary>
    public static RequestException Exceeded(TimeSpan limit) =>
        new(503, "deadline-exceeded", "Request deadline exceeded",
            $"the request ran longer than {limit.TotalSeconds:0.#} s (the site's queryTimeoutSeconds, which covers reading, parsing, binding and answering) and was stopped");

    /// <summary>Throws the deadline problem if the deadline has passed.</summary>
    public void Check()
    {
        if (Expired) throw Exceeded();
    }

    /// <summary>Runs <paramref name="answer"/> on a worker and waits for it until the deadline.</summary>
    /// <typeparam name="T">The answer's type.</typeparam>
    /// <param name="answer">Computes the answer (synchronous: DuckDB and the statistics are).</param>
    /// <returns>The answer.</returns>
    /// <exception cref="RequestException">The deadline passed first (503), or whatever <paramref name="answer"/> threw.</exception>
    public async Task<T> Run<T>(Func<T> answer)
    {
        Check();
        // The worker inherits this deadline through the execution context, so its queries are interrupted at the same moment.
        var work = Task.Run(answer, CancellationToken.None);
        try
        {
            return await work.WaitAsync(Token);
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            // Whatever the abandoned worker ends with (most often the interrupted query's 503) is observed here, not lost.
            _ = work.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            if (Expired) throw Exceeded();
            throw;
        }
        catch (RequestException e) when (e.Kind == "query-timeout" && Expired)
        {
            throw Exceeded();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Ambient.Value == this) Ambient.Value = _outer;
        _linked.Dispose();
        _timer.Dispose();
    }
}
