using System.Net;
using Analysis.Node.Disclosure;
using Analysis.Node.Pipeline;

namespace Analysis.Node.Tests.Disclosure;

public sealed class CohortLedgerTests
{
    private static int[] Range(int from, int count) => [.. Enumerable.Range(from, count)];

    [Fact]
    public void Cohorts_that_differ_by_a_few_patients_are_refused()
    {
        using var ledger = new CohortLedger(SiteFixture.NewDirectory(), "data-1", 400, 10);
        ledger.Admit(1, Range(0, 100));
        ledger.Admit(1, Range(0, 100));                            // the same cohort again
        ledger.Admit(2, Range(0, 110));                            // 10 more: allowed
        var refused = Assert.Throws<RequestException>(() => ledger.Admit(3, Range(0, 99)));   // one fewer
        Assert.Equal((int)HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("fewer than 10 patients", refused.Message);
        Assert.DoesNotContain("by 1 patient", refused.Message);
        Assert.Throws<RequestException>(() => ledger.Admit(4, [.. Range(0, 99), 399]));      // one swapped: differs by 2
        ledger.Admit(5, Range(200, 100));                          // disjoint
        Assert.Equal(3, ledger.Count);
    }

    [Fact]
    public void The_ledger_survives_a_restart_and_starts_afresh_for_other_data()
    {
        var dir = SiteFixture.NewDirectory();
        using (var ledger = new CohortLedger(dir, "data-1", 400, 10)) ledger.Admit(1, Range(0, 100));
        using (var again = new CohortLedger(dir, "data-1", 400, 10))
        {
            Assert.Equal(1, again.Count);
            Assert.Throws<RequestException>(() => again.Admit(2, Range(0, 101)));
        }
        using (var other = new CohortLedger(dir, "data-2", 400, 10))
        {
            Assert.Equal(0, other.Count);
            other.Admit(2, Range(0, 101));
        }
        Assert.Single(Directory.GetFiles(dir, CohortLedger.FileName + ".*.old"));
    }

    [Fact]
    public void A_torn_last_record_is_dropped_and_the_rest_kept()
    {
        var dir = SiteFixture.NewDirectory();
        using (var ledger = new CohortLedger(dir, "d", 64, 10))
        {
            ledger.Admit(1, Range(0, 20));
            ledger.Admit(2, Range(30, 20));
        }
        var path = Path.Combine(dir, CohortLedger.FileName);
        using (var stream = File.OpenWrite(path)) stream.SetLength(stream.Length - 3);
        using var reopened = new CohortLedger(dir, "d", 64, 10);
        Assert.Equal(1, reopened.Count);
        Assert.Throws<RequestException>(() => reopened.Admit(3, Range(0, 21)));
        reopened.Admit(4, Range(30, 21));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_ledger_and_the_site_key_are_owner_only()
    {
        var dir = SiteFixture.NewDirectory();
        using (new CohortLedger(dir, "d", 10, 10)) { }
        SiteSecret.LoadOrCreate(dir);
        foreach (var file in new[] { CohortLedger.FileName, SiteSecret.FileName })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, file)));
    }

    [Fact]
    public void The_site_key_makes_secret_stable_record_keys()
    {
        var dir = SiteFixture.NewDirectory();
        var first = SiteSecret.LoadOrCreate(dir).RecordKey("p1");
        Assert.Equal(first, SiteSecret.LoadOrCreate(dir).RecordKey("p1"));
        Assert.NotEqual(first, SiteSecret.LoadOrCreate(dir).RecordKey("p2"));
        Assert.NotEqual(first, SiteSecret.LoadOrCreate(SiteFixture.NewDirectory()).RecordKey("p1"));
        File.WriteAllBytes(Path.Combine(dir, SiteSecret.FileName), [1, 2, 3]);
        Assert.Throws<InvalidDataException>(() => SiteSecret.LoadOrCreate(dir));
    }
}
