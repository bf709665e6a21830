using Analysis.Node.Configuration;
using Analysis.Node.Disclosure;
using Analysis.Node.Http;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Models;

/// <summary>Registers the model endpoints, federated averaging included (scope <c>aggregate</c>: they release only disclosure-controlled sums and trained weights).</summary>
internal static class ModelEndpoints
{
    public static void Map(WebApplication app, NodeApi api, QueryExecutor executor, DisclosurePolicy policy)
    {
        var models = new ModelService(executor, policy);
        app.MapPost("/api/v1/glm/logistic", (HttpContext c) => api.Post<LogisticRequest, LogisticResult>(c, Scopes.Aggregate, models.Logistic));
        app.MapPost("/api/v1/cox/score", (HttpContext c) => api.Post<CoxScoreRequest, CoxScoreResult>(c, Scopes.Aggregate, models.Cox));
        var learning = new Learning.FedAvgService(executor, policy);
        app.MapPost("/api/v1/ml/fedavg", (HttpContext c) => api.Post<Learning.FedAvgRequest, Learning.FedAvgResult>(c, Scopes.Aggregate, learning.Train));
    }
}
