using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Analysis.Federation.Tests;

/// <summary>A tiny HTTP endpoint that injects one fault on purpose (slowness, refusal, 5xx) where a real node would not.</summary>
public sealed class FakeSite : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public FakeSite(Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    try
                    {
                        Interlocked.Increment(ref requests);
                        await handler(context, stop.Token);
                    }
                    catch (Exception)
                    {
                        // The client gave up or the test ended; nothing is waiting for this answer.
                    }
                    finally
                    {
                        try { context.Response.Close(); } catch (Exception) { }
                    }
                });
            }
        });
    }

    private int requests;

    public int Port { get; }
    public int Requests => Volatile.Read(ref requests);
    public string Url => $"http://127.0.0.1:{Port}/";

    public static FakeSite Sleeping() => new(async (_, stop) => await Task.Delay(Timeout.Infinite, stop));

    public static FakeSite Answering(int status, string contentType, string body) => new(async (c, _) => await Write(c, status, contentType, body));

    public static async Task Write(HttpListenerContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    /// <summary>A loopback port nothing listens on right now (the OS picked it and it was released).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        listener.Close();
        try { await loop; } catch (Exception) { }
        stop.Dispose();
    }
}

/// <summary>Forwards requests to a real node until <see cref="Failing"/> is set, then answers 503: a site that dies mid-analysis.</summary>
public sealed class DyingSite : IAsyncDisposable
{
    private readonly HttpClient forward = new();
    private readonly FakeSite site;

    public DyingSite(Uri node, int answersBeforeDying)
    {
        var answered = 0;
        site = new FakeSite(async (context, stop) =>
        {
            if (Interlocked.Increment(ref answered) > answersBeforeDying)
            {
                await FakeSite.Write(context, 503, "application/problem+json", """{"title":"Service unavailable","detail":"the node went down"}""");
                return;
            }
            using var body = new StreamContent(context.Request.InputStream);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(node, context.Request.Url!.PathAndQuery.TrimStart('/'))) { Content = body };
            request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers["Authorization"]);
            using var response = await forward.SendAsync(request, stop);
            await FakeSite.Write(context, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "application/json",
                await response.Content.ReadAsStringAsync(stop));
        });
    }

    public string Url => site.Url;

    public async ValueTask DisposeAsync()
    {
        await site.DisposeAsync();
        forward.Dispose();
    }
}
