using Analysis.Contracts;
using Analysis.Node.Configuration;
using Analysis.Node.Learning;
using Analysis.Node.Models;
using Analysis.Node.Pipeline;
using Analysis.Node.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Analysis.Node.Http;

/// <summary>Registers the model endpoints, federated averaging included (scope <c>aggregate</c>: they release only disclosure-controlled sums and trained weights).</summary>
internal static class ModelEndpoints
{
    public static void Map(WebApplication app, RequestPipeline api, QueryExecutor executor, DisclosurePolicy policy)
    {
        var models = new ModelService(executor, policy);
        app.MapPost("/api/v1/glm/logistic", (HttpContext c) => api.Post<LogisticScoreRequest, LogisticScoreResult>(c, Scopes.Aggregate, models.Logistic));
        app.MapPost("/api/v1/cox/score", (HttpContext c) => api.Post<CoxScoreRequest, CoxScoreResult>(c, Scopes.Aggregate, models.Cox));
        var learning = new FedAvgService(executor, policy);
        app.MapPost("/api/v1/ml/fedavg", (HttpContext c) => api.Post<FedAvgRequest, FedAvgResult>(c, Scopes.Aggregate, learning.Train));
    }
}
