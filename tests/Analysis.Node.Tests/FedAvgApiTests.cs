using System.Net;

namespace Analysis.Node.Tests;

/// <summary>A node in exact mode over a random site: the client's standardisation and training settings are taken as sent.</summary>
public sealed class ExactRandomSite : IAsyncLifetime
{
    public RunningNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await RunningNode.StartAsync(SiteFixture.Random(400, seed: 2024), RunningNode.ExactConfig());

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

public sealed class FedAvgApiTests(ExactRandomSite site) : IClassFixture<ExactRandomSite>
{
    private static readonly string[] Covariates = ["age_at_diagnosis", "sex"];

    private async Task<string> Train(object body)
    {
        var (response, json) = await site.Node.PostAsync("api/v1/ml/fedavg", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {json}");
        return json.GetProperty("weights").GetString()!;
    }

    [Fact]
    public async Task Omitted_training_settings_take_their_documented_defaults()
    {
        var (response, description) = await site.Node.PostAsync("api/v1/ml/fedavg", new { outcome = "event", covariates = Covariates });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {description}");
        // No hidden layer: one weight per column and a bias.
        Assert.Equal(3, description.GetProperty("parameters").GetInt32());
        var weights = Convert.ToBase64String(new byte[3 * sizeof(float)]);

        // Defaults: 1 epoch, learning rate 0.1, full batch, seed 1, and an SD of 1 for a covariate given only its mean.
        var omitted = await Train(new { outcome = "event", covariates = Covariates, weights, standardize = new { age_at_diagnosis = new { mean = 60.0 } } });
        var spelled = await Train(new
        {
            outcome = "event", covariates = Covariates, weights, standardize = new { age_at_diagnosis = new { mean = 60.0, sd = 1.0 } },
            epochs = 1, learningRate = 0.1, batchSize = 0, seed = 1,
        });
        Assert.Equal(spelled, omitted);
        var longer = await Train(new { outcome = "event", covariates = Covariates, weights, standardize = new { age_at_diagnosis = new { mean = 60.0 } }, epochs = 2 });
        Assert.NotEqual(spelled, longer);
    }
}
