using System.Globalization;
using System.Threading.RateLimiting;
using Analysis.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Analysis.Node.Pipeline;

/// <summary>The node's admission control, from the site's <see cref="RequestLimits"/>: a per-token rate (a token bucket
/// each, refusing with 429 and Retry-After once empty) and then one concurrency limit for all requests (waiting in a
/// queue, refused with 429 only when the queue is full).</summary>
/// <remarks>Requests without a known token share one bucket, so inventing tokens buys no extra rate; a request a
/// limiter refuses is still audited (the audit middleware runs outside it).</remarks>
internal static class RequestLimiter
{
    /// <summary>The limiter over every request.</summary>
    /// <param name="limits">The site's limits.</param>
    /// <param name="authenticator">Tells known tokens from unknown ones.</param>
    public static PartitionedRateLimiter<HttpContext> Create(RequestLimits limits, Authenticator authenticator)
    {
        var (period, tokens) = limits.RequestsPerMinutePerToken >= 60
            ? (TimeSpan.FromSeconds(1), limits.RequestsPerMinutePerToken / 60)
            : (TimeSpan.FromSeconds(60.0 / limits.RequestsPerMinutePerToken), 1);
        var perToken = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var grant = authenticator.Identify(context.Request.Headers.Authorization.FirstOrDefault());
            return RateLimitPartition.GetTokenBucketLimiter(grant is null ? "" : "token:" + grant.Token, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.BurstPerToken,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                AutoReplenishment = true,
                QueueLimit = 0,
            });
        });
        var concurrency = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.MaxConcurrentRequests,
            QueueLimit = limits.MaxQueuedRequests,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));
        return PartitionedRateLimiter.CreateChained(perToken, concurrency);
    }

    /// <summary>Answers a refused request: 429, Retry-After (the bucket's own estimate, else one second) and a problem.</summary>
    public static async ValueTask OnRejected(OnRejectedContext rejected, CancellationToken cancellation)
    {
        var context = rejected.HttpContext;
        var after = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.Headers.RetryAfter = after.ToString(CultureInfo.InvariantCulture);
        var e = new RequestException(429, "rate-limited", "Too many requests",
            $"this site's request limits are reached (limits.requestsPerMinutePerToken, limits.burstPerToken, limits.maxQueuedRequests); retry after {after} s");
        await RequestPipeline.Problem(context, e).ExecuteAsync(context);
    }
}
