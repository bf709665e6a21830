using System.Net;
using System.Text.Json;
using Analysis.Contracts;

namespace Analysis.Node.Tests.Attacks;

/// <summary>
/// The same 400 patients served twice: by a node under the default (protected) policy and by one under the explicit exact
/// policy. Each attack runs against both: against the exact node it must recover the hidden value (proving the attack is
/// real), against the protected node it must not. The data holds the targets the routes go after: one patient
/// alone in the age band 95-99 (the "oldest patient"), one male breast cancer (a count under the threshold), and one
/// patient with a KRAS variant no one else carries (chr12:25245380, 30 bases from the common one every other KRAS
/// carrier has).
/// </summary>
public sealed class AttackSite : IAsyncLifetime
{
    /// <summary>The oldest patient's age: alone in the band 95-99, and the only patient over 94.</summary>
    public const int OldestAge = 97;

    /// <summary>The rare variant's 1-based MAF position on chromosome 12.</summary>
    public const long RarePosition = 25245380;

    /// <summary>The common variant's 1-based MAF position (SiteFixture writes every gene there).</summary>
    public const long CommonPosition = 25245350;

    public RunningNode Protected { get; private set; } = null!;
    public RunningNode Exact { get; private set; } = null!;

    public IReadOnlyList<FixturePatient> Patients { get; } = Build();

    /// <summary>The patient alone in the band 95-99.</summary>
    public FixturePatient Oldest => Patients[0];

    /// <summary>The only male breast cancer.</summary>
    public FixturePatient MaleBreast => Patients[1];

    private static List<FixturePatient> Build()
    {
        var patients = SiteFixture.Random(400, seed: 4242, site: "attack");
        for (var i = 0; i < patients.Count; i++)
            if (patients[i].Snomed == SiteFixture.Cancers[0].Snomed) patients[i] = patients[i] with { Sex = "female" };
        var oldest = patients[0];
        patients[0] = oldest with { Birth = oldest.Diagnosis.AddYears(-OldestAge).AddDays(-10), MafGenes = [] };
        patients[1] = patients[1] with { Snomed = SiteFixture.Cancers[0].Snomed, Icd10 = SiteFixture.Cancers[0].Icd10, Sex = "male" };
        return patients;
    }

    public async Task InitializeAsync()
    {
        Assert.Equal(OldestAge, Oldest.Age);
        Assert.Single(Patients, p => p.Age > 94);
        void AddRareVariant(string dir) => File.AppendAllText(Path.Combine(dir, "mutations.maf"),
            $"KRAS\t0\tchr12\t{RarePosition}\t{RarePosition}\tMissense_Mutation\tSNP\tA\tT\t{Patients[0].Id}\tp.Q22K\n");
        Protected = await RunningNode.StartAsync(Patients, RunningNode.DefaultConfig(), AddRareVariant);
        Exact = await RunningNode.StartAsync(Patients, RunningNode.ExactConfig(), AddRareVariant);
    }

    public async Task DisposeAsync()
    {
        await Protected.DisposeAsync();
        await Exact.DisposeAsync();
    }

    /// <summary>Posts and returns the status with the body.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> Ask(RunningNode node, string path, object body, HttpClient? client = null)
    {
        var (response, json) = await node.PostAsync(path, body, client);
        return (response.StatusCode, json);
    }

    /// <summary>A count's value from an OK answer, or null when suppressed or refused.</summary>
    public static async Task<long?> Count(RunningNode node, object filter)
    {
        var (status, json) = await Ask(node, "api/v1/count", new { filter });
        return status == HttpStatusCode.OK && json.GetProperty("count").TryGetProperty("value", out var v) ? v.GetInt64() : null;
    }

    /// <summary>Asserts a refusal by the band rule: 400 naming the field and the allowed step.</summary>
    public static void AssertBandRefusal(HttpStatusCode status, JsonElement body, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.Contains("5", body.GetProperty("detail").GetString());
    }

    /// <summary>Asserts a refusal by the cohort ledger: 422 naming the minimum cohort difference.</summary>
    public static void AssertLedgerRefusal(HttpStatusCode status, JsonElement body)
    {
        Assert.Equal((HttpStatusCode)422, status);
        Assert.Contains("minimum cohort difference", body.GetProperty("detail").GetString());
    }

    /// <summary>The default policy, as the protected node applies it.</summary>
    public static DisclosurePolicy Policy { get; } = new();
}
