using System.Net;
using System.Text.Json;

namespace Analysis.Node.Tests.Attacks;

/// <summary>The same 400 patients behind an exact-mode node (where each attack must work, proving it is real) and a protected one.</summary>
public sealed class AttackSites : IAsyncLifetime
{
    public static readonly List<FixturePatient> Patients = SiteFixture.Random(400, seed: 4040, site: "attack");

    public RunningNode Exact { get; private set; } = null!;
    public RunningNode Protected { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Exact = await RunningNode.StartAsync(Patients, RunningNode.ExactConfig());
        Protected = await RunningNode.StartAsync(Patients, RunningNode.DefaultConfig());
    }

    public async Task DisposeAsync()
    {
        await Exact.DisposeAsync();
        await Protected.DisposeAsync();
    }

    /// <summary>A patient whose age no other patient shares (found in the data, so the test does not hang on a seed).</summary>
    public static FixturePatient UniqueAge(Func<FixturePatient, bool>? where = null)
    {
        var lone = Patients.GroupBy(p => p.Age).Where(g => g.Count() == 1).Select(g => g.Single()).Where(where ?? (_ => true)).OrderBy(p => p.Age).ToList();
        Assert.NotEmpty(lone);
        return lone[lone.Count / 2];
    }
}

/// <summary>Routes 1 and 6 of issue 11: single-request model attacks and differencing of model counts.</summary>
public sealed class ModelAttacks(AttackSites sites) : IClassFixture<AttackSites>
{
    private static double[][] Information(JsonElement body) =>
        [.. body.GetProperty("information").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

    /// <summary>
    /// The attack: logistic score and information at a beta that puts p(1−p) on one age, with follow-up and
    /// vital status as covariates, so the information matrix is that patient's x xᵀ: the intercept row divided by its
    /// diagonal is the patient's follow-up and vital status, exactly.
    /// </summary>
    private static object CraftedLogistic(FixturePatient target, IReadOnlyList<string> covariates, double steepness = 40)
    {
        // η = k (age − a): p(1−p) is 1/4 at the target's age and e^−k or less at every other age. Age is the first
        // covariate; every other coefficient is 0 (stage_group has three dummy columns, event one).
        var columns = 1 + covariates.Sum(c => c == "stage_group" ? 3 : 1);
        var beta = new double[columns];
        beta[0] = -steepness * target.Age;
        beta[1] = steepness;
        return new { outcome = "sex", positive = "male", covariates, beta };
    }

    [Fact]
    public async Task Crafted_beta_reads_one_patients_follow_up_and_vital_status_from_an_exact_node_but_not_a_protected_one()
    {
        var target = AttackSites.UniqueAge();
        string[] covariates = ["age_at_diagnosis", "followup_days", "event"];
        var (ok, body) = await sites.Exact.PostAsync("api/v1/glm/logistic", CraftedLogistic(target, covariates));
        Assert.True(ok.StatusCode == HttpStatusCode.OK, body.ToString());
        var info = Information(body);
        var columns = body.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList();
        var followup = info[0][columns.IndexOf("followup_days")] / info[0][0];
        var died = info[0][columns.IndexOf("event=1")] / info[0][0];
        // The attack is real: the exact node gives the patient's own values.
        Assert.Equal(target.FollowupDays, followup, 3);
        Assert.Equal(target.Event, died, 6);

        var (refused, problem) = await sites.Protected.PostAsync("api/v1/glm/logistic", CraftedLogistic(target, covariates));
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, problem.ToString());
        Assert.Equal("covariates[1]", problem.GetProperty("field").GetString());
        Assert.Contains("outcome", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Crafted_beta_on_legal_covariates_is_refused_for_its_weight_concentration()
    {
        var target = AttackSites.UniqueAge();
        string[] covariates = ["age_at_diagnosis", "stage_group"];
        var request = CraftedLogistic(target, covariates);
        // Exact node: the information is (almost) one patient's x xᵀ: the intercept's diagonal is p(1−p) = 1/4 of one patient.
        var (_, body) = await sites.Exact.PostAsync("api/v1/glm/logistic", request);
        Assert.Equal(0.25, Information(body)[0][0], 6);
        Assert.Equal(target.Age, Information(body)[0][1] / Information(body)[0][0], 6);

        var (refused, problem) = await sites.Protected.PostAsync("api/v1/glm/logistic", request);
        Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, problem.ToString());
        Assert.Contains("effective sample size", problem.GetProperty("detail").GetString());
        Assert.Contains("minimum subset size", problem.GetProperty("detail").GetString());

        // Gentler slopes, which leave a few patients on either side, are refused too until the weights cover 10 patients' worth.
        foreach (var k in new[] { 5.0, 2.0 })
        {
            var (response, json) = await sites.Protected.PostAsync("api/v1/glm/logistic", CraftedLogistic(target, covariates, k));
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"k = {k}: {json}");
        }
    }

    [Fact]
    public async Task Crafted_cox_beta_that_puts_the_risk_set_weight_on_one_patient_is_refused()
    {
        var target = AttackSites.UniqueAge();
        // exp(xβ) with β = 40 per year of age: within any risk set the oldest patient holds all the weight.
        var request = new { covariates = new[] { "age_at_diagnosis" }, beta = new[] { 40.0 } };
        var (exact, _) = await sites.Exact.PostAsync("api/v1/cox/score", request);
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        var (refused, problem) = await sites.Protected.PostAsync("api/v1/cox/score", request);
        Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, problem.ToString());
        Assert.Contains("patients", problem.GetProperty("detail").GetString());
        _ = target;
    }

    /// <summary>Model cohorts keep to the age bands as counts do, so ageMax 33 against 34 cannot be asked of a model either.</summary>
    [Theory]
    [InlineData("api/v1/cox/score")]
    [InlineData("api/v1/glm/logistic")]
    public async Task Model_cohorts_are_held_to_the_age_bands_as_counts_are(string route)
    {
        object Request(int ageMax) => route.Contains("cox")
            ? new { covariates = new[] { "sex" }, filter = new { ageMax } }
            : new { outcome = "event", covariates = new[] { "sex" }, filter = new { ageMax } };
        var (exact, _) = await sites.Exact.PostAsync(route, Request(63));
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        var (refused, problem) = await sites.Protected.PostAsync(route, Request(63));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("filter.ageMax", problem.GetProperty("field").GetString());
        var (banded, body) = await sites.Protected.PostAsync(route, Request(64));
        Assert.True(banded.StatusCode == HttpStatusCode.OK, body.ToString());
    }

    /// <summary>Route 6: Cox <c>events</c> on the whole site against the site without its one oldest patient.</summary>
    [Fact]
    public async Task Events_of_400_against_399_patients_give_the_missing_patients_vital_status_only_at_an_exact_node()
    {
        var oldest = AttackSites.Patients.MaxBy(p => p.Age)!;
        Assert.Single(AttackSites.Patients, p => p.Age == oldest.Age);
        object All() => new { covariates = new[] { "sex" } };
        object AllButOne() => new { covariates = new[] { "sex" }, filter = new { ageMax = oldest.Age - 1 } };

        var whole = await sites.Exact.PostAsync("api/v1/cox/score", All());
        var less = await sites.Exact.PostAsync("api/v1/cox/score", AllButOne());
        Assert.Equal(400 - 399, whole.Body.GetProperty("n").GetInt64() - less.Body.GetProperty("n").GetInt64());
        Assert.Equal(oldest.Event, whole.Body.GetProperty("events").GetInt64() - less.Body.GetProperty("events").GetInt64());

        var protectedWhole = await sites.Protected.PostAsync("api/v1/cox/score", All());
        Assert.Equal(HttpStatusCode.OK, protectedWhole.Response.StatusCode);
        // Released as counts: perturbed and rounded to the base, so they are not the true 400 and deaths.
        Assert.Equal(0, protectedWhole.Body.GetProperty("n").GetInt64() % 5);
        Assert.Equal(0, protectedWhole.Body.GetProperty("events").GetInt64() % 5);
        Assert.True(protectedWhole.Body.GetProperty("approximate").GetBoolean());
        var protectedLess = await sites.Protected.PostAsync("api/v1/cox/score", AllButOne());
        if (protectedLess.Response.StatusCode == HttpStatusCode.OK)
        {
            var difference = protectedWhole.Body.GetProperty("events").GetInt64() - protectedLess.Body.GetProperty("events").GetInt64();
            Assert.Fail($"the cohort one patient smaller was answered (events difference {difference}, the patient's event {oldest.Event})");
        }
        Assert.True(protectedLess.Response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, protectedLess.Body.ToString());
    }

    [Fact]
    public async Task Two_nearly_identical_betas_do_not_cancel_their_noise_and_the_same_beta_repeats_its_answer()
    {
        double[] beta = [-0.6, 0.01, 0.2];
        double[] nudged = [-0.6, 0.01 + 1e-9, 0.2];
        object Request(double[] b) => new { outcome = "event", covariates = new[] { "age_at_diagnosis", "sex" }, beta = b };
        static double[] Score(JsonElement body) => [.. body.GetProperty("score").EnumerateArray().Select(v => v.GetDouble())];

        var exactDifference = Score((await sites.Exact.PostAsync("api/v1/glm/logistic", Request(nudged))).Body)[0]
                              - Score((await sites.Exact.PostAsync("api/v1/glm/logistic", Request(beta))).Body)[0];
        var first = Score((await sites.Protected.PostAsync("api/v1/glm/logistic", Request(beta))).Body);
        var again = Score((await sites.Protected.PostAsync("api/v1/glm/logistic", Request(beta))).Body);
        var other = Score((await sites.Protected.PostAsync("api/v1/glm/logistic", Request(nudged))).Body);
        Assert.Equal(first, again);
        // Exactly, the nudge moves the intercept's score by about 1e-9 × Σ p(1−p) × age; with the keyed noise the two
        // answers differ by the noise (SD 0.5 × √2), so subtracting them isolates nothing.
        Assert.True(Math.Abs(exactDifference) < 1e-4, $"exact difference {exactDifference}");
        Assert.True(Math.Abs(other[0] - first[0]) > 1e-3, $"protected difference {other[0] - first[0]}");
    }
}
