using System.Net;
using Analysis.Federation.Tests;
using Analysis.ML.Torch;

namespace Analysis.ML.Tests;

/// <summary>The node's federated-averaging endpoint (the local training step in <c>Analysis.ML.Federated.LocalUpdate</c>); the client's rounds are tested with the client.</summary>
public sealed class FedAvgEndpointTests(LearningSites sites) : IClassFixture<LearningSites>
{
    private static readonly string[] Covariates = ["age_at_diagnosis", "sex", "stage_group"];

    private static object Body(object? weights = null, int batchSize = 0, double? clip = null, double? noise = null, int[]? hidden = null) => new
    {
        outcome = "event", covariates = Covariates, model = new { hidden = hidden ?? [2] }, weights, epochs = 1, learningRate = 0.1, batchSize, seed = 1,
        clipNorm = clip, noiseMultiplier = noise,
    };

    [Fact]
    public async Task Node_refuses_bad_or_disclosive_requests_with_the_field_or_reason_and_audits_them()
    {
        var node = sites.Nodes[0];
        var (tiny, tinyBody) = await node.PostAsync("api/v1/ml/fedavg", Body(batchSize: 3));
        Assert.Equal((HttpStatusCode)422, tiny.StatusCode);
        Assert.Contains("below the minimum subset size", tinyBody.GetProperty("detail").GetString());

        var (describe, description) = await node.PostAsync("api/v1/ml/fedavg", Body());
        Assert.Equal(HttpStatusCode.OK, describe.StatusCode);
        Assert.Equal(260, description.GetProperty("n").GetInt64());
        var parameters = description.GetProperty("parameters").GetInt32();
        Assert.Equal(5 * 2 + 2 + 2 + 1, parameters);

        var (length, lengthBody) = await node.PostAsync("api/v1/ml/fedavg", Body(weights: Weights.ToBase64(new float[7])));
        Assert.Equal(HttpStatusCode.BadRequest, length.StatusCode);
        Assert.Equal("weights", lengthBody.GetProperty("field").GetString());
        Assert.Contains($"weights has 7 floats but a network with 5 inputs and hidden [2] has {parameters} parameters", lengthBody.GetProperty("detail").GetString());

        var (garbage, garbageBody) = await node.PostAsync("api/v1/ml/fedavg", Body(weights: "%%%"));
        Assert.Equal("weights", garbageBody.GetProperty("field").GetString());
        var (noise, noiseBody) = await node.PostAsync("api/v1/ml/fedavg", Body(weights: Weights.ToBase64(new float[parameters]), noise: 1.0));
        Assert.Equal("noiseMultiplier", noiseBody.GetProperty("field").GetString());
        var (deep, deepBody) = await node.PostAsync("api/v1/ml/fedavg", Body(hidden: [2, 2, 2, 2, 2]));
        Assert.Equal("model.hidden", deepBody.GetProperty("field").GetString());
        Assert.All([garbage, noise, deep], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));

        var audit = await File.ReadAllTextAsync(Path.Combine(node.Directory, Analysis.Node.Http.AuditLog.FileName));
        Assert.Contains("/api/v1/ml/fedavg", audit);
        Assert.Contains("below the minimum subset size", audit);
    }

    [Fact]
    public async Task Clipping_bounds_the_update_and_noise_comes_from_the_node_not_the_seed()
    {
        var node = sites.Nodes[1];
        using var model = TabularMlp.Create(5, [2], seed: 9);
        var sent = model.GetWeights();
        async Task<float[]> Round(double clip, double? noise)
        {
            var (response, body) = await node.PostAsync("api/v1/ml/fedavg", Body(weights: Weights.ToBase64(sent), clip: clip, noise: noise));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Weights.FromBase64(body.GetProperty("weights").GetString()!);
        }
        double Norm(float[] w) => Math.Sqrt(w.Zip(sent).Sum(p => Math.Pow(p.First - p.Second, 2)));
        var clipped = await Round(0.01, null);
        Assert.InRange(Norm(clipped), 0.0099, 0.0100001);
        var first = await Round(0.01, 1.0);
        var second = await Round(0.01, 1.0);
        Assert.NotEqual(first, second);
        Assert.True(Norm(first) > 0.02, $"noise of SD 0.01 on {sent.Length} weights should move them further than the clip bound: {Norm(first)}");
    }
}

internal sealed class Reporter<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
