using System.Net;
using System.Text.Json;
using Analysis.Contracts;

namespace Analysis.Node.Tests.Attacks;

/// <summary>Route 2 of issue 11: one federated-averaging round with crafted weights and client-chosen settings.</summary>
public sealed class FedAvgAttacks(AttackSites sites) : IClassFixture<AttackSites>
{
    /// <summary>
    /// One hidden ReLU unit that only the oldest patient activates: its input weights' update is that patient's own
    /// gradient, (σ(out) − y) × x, so the update of the follow-up weight over the update of the unit's bias is the
    /// patient's follow-up, and the bias update's sign is their vital status. Client-chosen standardisation puts the
    /// unit's threshold half a year under the patient's age with a bias of 0 (float32 keeps the bias update exact).
    /// </summary>
    private static object Attack(FixturePatient target, bool standardise = true, string[]? covariates = null, float bias = 0)
    {
        // Layout: linear0.weight [1 × 2] (age, follow-up), linear0.bias [1], output.weight [1 × 1], output.bias [1].
        float[] weights = [1, 0, bias, 1, 0];
        return standardise
            ? new
            {
                outcome = "event", covariates = covariates ?? ["age_at_diagnosis", "followup_days"], model = new { hidden = new[] { 1 } },
                weights = FedAvgWeights.ToBase64(weights), learningRate = 1.0,
                standardize = new Dictionary<string, object> { ["age_at_diagnosis"] = new { mean = target.Age - 0.5, sd = 1.0 } },
            }
            : new
            {
                outcome = "event", covariates = covariates ?? ["age_at_diagnosis", "followup_days"], model = new { hidden = new[] { 1 } },
                weights = FedAvgWeights.ToBase64(weights), learningRate = 1.0,
            };
    }

    private static float[] Weights(JsonElement body) => FedAvgWeights.FromBase64(body.GetProperty("weights").GetString()!, "weights");

    [Fact]
    public async Task A_one_unit_round_reads_the_patients_follow_up_and_vital_status_from_an_exact_node()
    {
        var target = AttackSites.Patients.MaxBy(p => p.Age)!;
        Assert.Single(AttackSites.Patients, p => p.Age == target.Age);
        var (response, body) = await sites.Exact.PostAsync("api/v1/ml/fedavg", Attack(target));
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        var w = Weights(body);
        var followup = (w[1] - 0) / (w[2] - 0);
        Assert.Equal(target.FollowupDays, followup, 0.05);
        // σ(out) − y < 0 when the patient died, so gradient descent raises the bias.
        Assert.Equal(target.Deceased, w[2] > 0);
    }

    [Fact]
    public async Task The_same_round_is_refused_at_a_protected_node_for_each_of_its_parts()
    {
        var target = AttackSites.Patients.MaxBy(p => p.Age)!;
        // Client-chosen standardisation: refused.
        var (standardised, problem) = await sites.Protected.PostAsync("api/v1/ml/fedavg", Attack(target));
        Assert.True(standardised.StatusCode == HttpStatusCode.BadRequest, problem.ToString());
        Assert.Equal("standardize.age_at_diagnosis", problem.GetProperty("field").GetString());
        // Follow-up as an input: an outcome, refused.
        var (outcome, problem2) = await sites.Protected.PostAsync("api/v1/ml/fedavg", Attack(target, standardise: false));
        Assert.True(outcome.StatusCode == HttpStatusCode.BadRequest, problem2.ToString());
        Assert.Equal("covariates[1]", problem2.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_unit_live_for_one_patient_is_trained_as_a_dead_unit_at_a_protected_node_and_reveals_nothing()
    {
        var target = AttackSites.Patients.MaxBy(p => p.Age)!;
        string[] covariates = ["age_at_diagnosis", "sex"];
        // Legal inputs, the unit's threshold placed under the oldest patient on the node's reference scale ((age − 60) / 15):
        // the unit is live for that one patient.
        var threshold = (float)(-(target.Age - 0.5 - 60) / 15);
        var live = Attack(target, standardise: false, covariates, threshold);
        // At the exact node the unit's update is the patient's gradient: its weights move.
        var (exact, exactBody) = await sites.Exact.PostAsync("api/v1/ml/fedavg", live);
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        var moved = Weights(exactBody);
        Assert.NotEqual(threshold, moved[2]);
        Assert.NotEqual(1f, moved[3]);

        // A protected node whose DP noise is negligible (so the test can see exactly what reaches the unit): the same
        // weights are not refused (a refusal would tell a half-space of 1 to 9 patients from an empty one), and the unit
        // is trained as a dead one: its incoming weights, bias and outgoing weight are released as sent, as those of a
        // unit nobody activates; only the output bias, which every patient's gradient reaches, moves.
        var policy = new DisclosurePolicy { Learning = new LearningPolicy { NoiseMultiplier = 1e-9, EpsilonPerUser = 1e300, EpsilonPerStudy = 1e300 } };
        await using var quiet = await RunningNode.StartAsync(AttackSites.Patients, RunningNode.DefaultConfig() with { Policy = policy });
        var (status, body) = await quiet.PostAsync("api/v1/ml/fedavg", live);
        Assert.True(status.StatusCode == HttpStatusCode.OK, body.ToString());
        var silenced = Weights(body);
        var (_, deadBody) = await quiet.PostAsync("api/v1/ml/fedavg", Attack(target, standardise: false, covariates, -100f));
        var dead = Weights(deadBody);
        Assert.Equal(1f, silenced[0], 1e-6f);
        Assert.Equal(0f, silenced[1], 1e-6f);
        Assert.Equal(threshold, silenced[2], 1e-6f);
        Assert.Equal(1f, silenced[3], 1e-6f);
        Assert.Equal([1f, 0f, -100f, 1f], dead[..4], new FloatWithin(1e-6f));
        Assert.NotEqual(0f, silenced[4]);
        // A unit that a few dozen patients activate is trained: the rule silences only units of 1 to 9 patients.
        var thirtyFirst = AttackSites.Patients.OrderByDescending(p => p.Age).ElementAt(30);
        var (_, wideBody) = await quiet.PostAsync("api/v1/ml/fedavg", Attack(target, standardise: false, covariates, (float)(-(thirtyFirst.Age - 0.5 - 60) / 15)));
        Assert.True(Math.Abs(Weights(wideBody)[2] - (float)(-(thirtyFirst.Age - 0.5 - 60) / 15)) > 1e-4, "a unit live for 30 patients must be trained");
    }

    private sealed class FloatWithin(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }

    [Theory]
    [InlineData("clipNorm", 1e6, null)]
    [InlineData("noiseMultiplier", 1.0, 0.0)]
    public async Task Client_chosen_clipping_and_noise_are_refused_at_a_protected_node(string field, double clip, double? noise)
    {
        var body = new Dictionary<string, object?>
        {
            ["outcome"] = "event", ["covariates"] = new[] { "age_at_diagnosis", "sex" }, ["weights"] = FedAvgWeights.ToBase64(new float[3]),
            ["clipNorm"] = clip,
        };
        if (noise is { } n) body["noiseMultiplier"] = n;
        var (exact, _) = await sites.Exact.PostAsync("api/v1/ml/fedavg", body);
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        if (field == "noiseMultiplier") body.Remove("clipNorm");
        if (field == "noiseMultiplier") body["clipNorm"] = null;
        var (response, problem) = await sites.Protected.PostAsync("api/v1/ml/fedavg", field == "noiseMultiplier"
            ? new Dictionary<string, object?> { ["outcome"] = "event", ["covariates"] = new[] { "age_at_diagnosis", "sex" }, ["weights"] = FedAvgWeights.ToBase64(new float[3]), ["noiseMultiplier"] = noise }
            : body);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem.ToString());
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Protected_rounds_carry_fresh_noise_and_spend_the_budget_until_it_is_refused()
    {
        // The same round twice: an exact node answers the same weights (its update is a function of the data), a
        // protected one different ones (fresh Gaussian noise each time, so repeating a round averages nothing exactly).
        var request = new
        {
            outcome = "event", covariates = new[] { "age_at_diagnosis", "sex" }, model = new { hidden = new[] { 4 } },
            weights = FedAvgWeights.ToBase64([0.5f, -0.3f, 0.2f, 0.1f, -0.4f, 0.6f, 0.3f, 0.2f, 0.1f, 0.2f, 0.3f, 0.1f, 0.5f, -0.5f, 0.4f, -0.2f, 0.1f]),
        };
        var exact1 = Weights((await sites.Exact.PostAsync("api/v1/ml/fedavg", request)).Body);
        var exact2 = Weights((await sites.Exact.PostAsync("api/v1/ml/fedavg", request)).Body);
        Assert.Equal(exact1, exact2);

        var spent = new List<double>();
        float[]? previous = null;
        for (var round = 1; ; round++)
        {
            var (response, body) = await sites.Protected.PostAsync("api/v1/ml/fedavg", request);
            // Full batch, one epoch: one step of the Gaussian mechanism at sampling rate 1, composed over the rounds.
            var expected = Analysis.Node.Learning.PrivacyAccountant.Epsilon(Analysis.Node.Learning.PrivacyAccountant.Rdp(1, 1.1, (long)round), 1e-5);
            if (expected > 10)
            {
                Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body.ToString());
                Assert.Contains("privacy budget", body.GetProperty("detail").GetString());
                break;
            }
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"round {round}: {body}");
            var privacy = body.GetProperty("privacy");
            Assert.Equal(expected, privacy.GetProperty("userEpsilon").GetDouble(), 9);
            Assert.Equal(10 - expected, privacy.GetProperty("userRemaining").GetDouble(), 9);
            Assert.Equal(1e-5, privacy.GetProperty("delta").GetDouble());
            Assert.False(body.TryGetProperty("loss", out var loss) && loss.ValueKind == JsonValueKind.Number);
            var weights = Weights(body);
            if (previous is not null) Assert.NotEqual(previous, weights);
            previous = weights;
            spent.Add(expected);
        }
        Assert.True(spent.Count >= 2, $"rounds before the budget ran out: {spent.Count}");
        // A request that trains nothing reports the budget as it stands, and spends nothing.
        var (_, described) = await sites.Protected.PostAsync("api/v1/ml/fedavg", new { outcome = "event", covariates = new[] { "age_at_diagnosis", "sex" } });
        Assert.Equal(spent[^1], described.GetProperty("privacy").GetProperty("userEpsilon").GetDouble(), 9);
        Assert.Equal(0, described.GetProperty("privacy").GetProperty("epsilon").GetDouble());
        // Kept in the data folder, readable by the node's user only.
        var file = Path.Combine(sites.Protected.Directory, Analysis.Node.Learning.PrivacyAccountant.FileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }
}
