using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Http;

/// <summary>The base address links written by the node start with: the configured <c>publicBaseUrl</c>, or the address
/// the request arrived at (the listening socket), never the Host header a client chose.</summary>
/// <param name="configured">node.json's <c>publicBaseUrl</c>, if set.</param>
internal sealed class PublicAddress(string? configured)
{
    private readonly string? _configured = configured is null ? null : configured.EndsWith('/') ? configured : configured + "/";

    /// <summary>The base address for <paramref name="context"/>'s answer, ending in <c>/</c>.</summary>
    public string Base(HttpContext context)
    {
        if (_configured is not null) return _configured;
        var local = context.Connection.LocalIpAddress ?? System.Net.IPAddress.Loopback;
        return new UriBuilder("http", local.ToString(), context.Connection.LocalPort).Uri.ToString();
    }

    /// <summary>The base address of the request's server, from its services.</summary>
    public static string Of(HttpContext context) =>
        (context.RequestServices.GetService(typeof(PublicAddress)) as PublicAddress ?? new PublicAddress(null)).Base(context);
}
