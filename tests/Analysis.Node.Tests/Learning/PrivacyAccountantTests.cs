using System.Net;
using Analysis.Contracts;
using Analysis.Node.Learning;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Tests.Learning;

public sealed class PrivacyAccountantTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.1)]
    [InlineData(3.0)]
    public void At_sampling_rate_one_the_rdp_is_the_gaussian_mechanisms_closed_form(double sigma)
    {
        var rdp = PrivacyAccountant.Rdp(1, sigma, 7L);
        for (var i = 0; i < PrivacyAccountant.Orders.Length; i++)
            Assert.Equal(7 * PrivacyAccountant.Orders[i] / (2 * sigma * sigma), rdp[i], 1e-12 * rdp[i]);
    }

    [Fact]
    public void The_binomial_sum_at_a_tiny_rate_tends_to_no_privacy_loss_and_grows_with_the_rate()
    {
        Assert.True(PrivacyAccountant.RdpAtOrder(1e-9, 1.0, 2) < 1e-12);
        Assert.True(PrivacyAccountant.RdpAtOrder(0.01, 1.0, 8) < PrivacyAccountant.RdpAtOrder(0.1, 1.0, 8));
        Assert.True(PrivacyAccountant.RdpAtOrder(0.1, 1.0, 8) < PrivacyAccountant.RdpAtOrder(1, 1.0, 8));
    }

    /// <summary>
    /// Opacus' own accountant test (pytorch/opacus, opacus/tests/accountants_test.py, <c>test_rdp_accountant</c>):
    /// σ = 1.5, q = 0.04, 2,250 steps, δ = 1e-5 gives ε = 7.32911117143 with its orders (fractional ones included) and
    /// the Balle et al. conversion. Integer orders only may give a hair more, never less.
    /// </summary>
    [Fact]
    public void Matches_opacus_published_rdp_accountant_value()
    {
        var eps = PrivacyAccountant.Epsilon(PrivacyAccountant.Rdp(0.04, 1.5, 2250L), 1e-5);
        Assert.InRange(eps, 7.32911117143 - 1e-6, 7.32911117143 * 1.001);
    }

    /// <summary>Opacus' <c>test_get_noise_multiplier</c> (same file): ε = 8 at q = 0.04 for 90 epochs needs σ = 1.425307617 (to its 0.01 tolerance).</summary>
    [Fact]
    public void Matches_opacus_noise_multiplier_for_a_target_epsilon()
    {
        var eps = PrivacyAccountant.Epsilon(PrivacyAccountant.Rdp(0.04, 1.425307617, (long)(90 / 0.04)), 1e-5);
        Assert.InRange(eps, 8 - 0.06, 8 + 0.01);
    }

    /// <summary>
    /// TF Privacy's MNIST DP-SGD tutorial table (tensorflow/privacy, tutorials/README.md, "Select Parameters": 60,000
    /// examples, batches of 256, δ = 1e-5), computed with the classic RDP-to-(ε, δ) conversion of its accountant then.
    /// </summary>
    [Theory]
    [InlineData(1.12, 60, 2.92)]
    [InlineData(0.6, 30, 9.74)]
    [InlineData(1.2, 10, 1.20)]
    public void Matches_tf_privacy_published_mnist_values(double sigma, int epochs, double published)
    {
        var eps = PrivacyAccountant.Epsilon(PrivacyAccountant.Rdp(256 / 60000.0, sigma, epochs * 60000L / 256), 1e-5, classic: true);
        // Published to two decimals; TF Privacy also used fractional orders, so integer orders may be up to 0.5% above.
        Assert.InRange(eps, published - 0.006, published * 1.005);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Charges_compose_refuse_past_the_limit_refund_and_survive_a_restart()
    {
        var dir = SiteFixture.NewDirectory();
        var policy = new LearningPolicy { EpsilonPerUser = 5, EpsilonPerStudy = 8 };
        var step = PrivacyAccountant.Rdp(1, 1.1, 1L);
        using (var accountant = new PrivacyAccountant(dir, policy))
        {
            var first = accountant.Charge("alice", "s1", step);
            Assert.Equal(PrivacyAccountant.Epsilon(step, 1e-5), first.Epsilon, 12);
            Assert.Equal(first.Epsilon, first.UserEpsilon, 12);
            // A second step composes in RDP: less than twice the first ε, more than it, and over alice's 5.
            var refused = Assert.Throws<RequestException>(() => accountant.Charge("alice", "s1", step));
            Assert.Equal((int)HttpStatusCode.UnprocessableEntity, refused.Status);
            Assert.Contains("over the site's limit of 5 per user", refused.Message);
            // Bob in the same study: his own budget is fresh, but the study's 8 is not.
            var bob = accountant.Charge("bob", "s1", step);
            Assert.Equal(first.Epsilon, bob.UserEpsilon, 12);
            Assert.Equal(PrivacyAccountant.Epsilon(PrivacyAccountant.Rdp(1, 1.1, 2L), 1e-5), bob.StudyEpsilon, 12);
            Assert.True(bob.StudyEpsilon < 2 * first.Epsilon && bob.StudyEpsilon > first.Epsilon);
            Assert.Contains("per study", Assert.Throws<RequestException>(() => accountant.Charge("carol", "s1", step)).Message);
            accountant.Refund("bob", "s1", step);
        }
        using var again = new PrivacyAccountant(dir, policy);
        var alice = again.Current("alice", "s1");
        Assert.Equal(PrivacyAccountant.Epsilon(step, 1e-5), alice.UserEpsilon, 12);
        Assert.Equal(0, again.Current("bob", "s1").UserEpsilon, 12);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, PrivacyAccountant.FileName)));
    }
}

public sealed class TrainingTimeLimitTests
{
    [Fact]
    public async Task Training_past_the_sites_time_limit_is_stopped_answered_clearly_and_costs_no_budget()
    {
        var config = RunningNode.DefaultConfig() with { Policy = new DisclosurePolicy { Learning = new LearningPolicy { MaxTrainingSeconds = 1, EpsilonPerUser = 1e6, EpsilonPerStudy = 1e6 } } };
        await using var node = await RunningNode.StartAsync(SiteFixture.Random(400, seed: 77), config);
        // 100 epochs of per-patient gradients through a 512-wide network: hundreds of thousands of backward passes.
        var inputs = 2;
        var parameters = inputs * 512 + 512 + 512 + 1;
        var random = new Random(5);
        // Small weights and first-layer biases of 1: every unit is active for every patient, so the active-unit rule passes.
        var weights = Enumerable.Range(0, parameters).Select(i => i >= inputs * 512 && i < inputs * 512 + 512 ? 1f : (float)(0.2 * (random.NextDouble() - 0.5))).ToArray();
        var (response, body) = await node.PostAsync("api/v1/ml/fedavg", new
        {
            outcome = "event", covariates = new[] { "age_at_diagnosis", "sex" }, model = new { hidden = new[] { 512 } },
            weights = FedAvgWeights.ToBase64(weights), epochs = 100, batchSize = 40,
        });
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body.ToString());
        Assert.True(body.ToString().Contains("maxTrainingSeconds"), body.ToString());
        Assert.False(body.TryGetProperty("weights", out _));
        var (_, described) = await node.PostAsync("api/v1/ml/fedavg", new { outcome = "event", covariates = new[] { "age_at_diagnosis", "sex" } });
        Assert.Equal(0, described.GetProperty("privacy").GetProperty("userEpsilon").GetDouble());
        // The node still answers.
        var (info, _) = await node.PostAsync("api/v1/count", new { });
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
    }
}
