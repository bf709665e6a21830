using Analysis.Node.Disclosure;
using Analysis.Node.Http;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Analysis.Node.Configuration;

namespace Analysis.Node.Learning;

/// <summary>Registers <c>POST /api/v1/ml/fedavg</c> (scope <c>aggregate</c>: it releases trained weights that passed disclosure control).</summary>
internal static class FedAvgEndpoints
{
    public static void Map(WebApplication app, NodeApi api, QueryExecutor executor, DisclosurePolicy policy)
    {
        var service = new FedAvgService(executor, policy);
        app.MapPost("/api/v1/ml/fedavg", (HttpContext c) => api.Post<FedAvgRequest, FedAvgResult>(c, Scopes.Aggregate, service.Train));
    }
}
