using Analysis.Contracts;
using Analysis.Node.Configuration;
using Analysis.Node.Disclosure;
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
    /// <summary>Maps the routes; returns what the server must dispose when it stops (the protected mode's persistent ledgers).</summary>
    /// <param name="app">The application.</param>
    /// <param name="api">The request pipeline.</param>
    /// <param name="executor">Runs the SQL.</param>
    /// <param name="config">Policy and tokens (a token's study groups users for the privacy budget).</param>
    /// <param name="dataDirectory">Where the budgets are kept.</param>
    /// <param name="control">The server's disclosure control, shared with the aggregates: its age bands and its cohort
    /// ledger (protected mode) hold for model cohorts as for counts, so a model cannot be asked of a cohort a count may not be.</param>
    public static IReadOnlyList<IDisposable> Map(WebApplication app, RequestPipeline api, QueryExecutor executor, NodeConfig config, string dataDirectory,
        DisclosureControl control)
    {
        ICohortAdmission? ledger = control.Ledger;
        var policy = config.Policy;
        var owned = new List<IDisposable>();
        ModelStepBudget? steps = null;
        PrivacyAccountant? privacy = null;
        if (!policy.IsExact)
        {
            owned.Add(steps = new ModelStepBudget(dataDirectory));
            owned.Add(privacy = new PrivacyAccountant(dataDirectory, policy.Learning));
        }
        var models = new ModelService(executor, policy, new ModelProtection(policy, ledger, steps));
        app.MapPost("/api/v1/glm/logistic", (HttpContext c) => api.Post<LogisticScoreRequest, LogisticScoreResult>(c, Scopes.Aggregate, r => { control.RequireBands(r.Filter); return models.Logistic(r, User(c)); }));
        app.MapPost("/api/v1/cox/score", (HttpContext c) => api.Post<CoxScoreRequest, CoxScoreResult>(c, Scopes.Aggregate, r => { control.RequireBands(r.Filter); return models.Cox(r, User(c)); }));
        var learning = new FedAvgService(executor, policy, ledger, privacy);
        app.MapPost("/api/v1/ml/fedavg", (HttpContext c) => api.Post<FedAvgRequest, FedAvgResult>(c, Scopes.Aggregate,
            r => { control.RequireBands(r.Filter); return learning.Train(r, User(c), Study(config, User(c)), c.RequestAborted); }));
        return owned;
    }

    private static string User(HttpContext c) => c.Items[RequestPipeline.AuditUser] as string ?? "";

    // Tokens without a study share the site-wide one: several tokens then cannot multiply the study budget.
    private static string Study(NodeConfig config, string user) =>
        config.Tokens.FirstOrDefault(t => t.User == user)?.Study ?? TokenGrant.SiteStudy;
}
