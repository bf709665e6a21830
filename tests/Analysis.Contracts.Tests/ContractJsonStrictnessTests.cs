using System.Text.Json;
using Analysis.Contracts;
using Analysis.Contracts.Beacon;

namespace Analysis.Contracts.Tests;

/// <summary>The wire's JSON matches member names exactly and takes each once, on both option sets, so a request cannot
/// be read one way by a person and another by the node.</summary>
public sealed class ContractJsonStrictnessTests
{
    public static TheoryData<string> Options => new() { "strict", "lenient" };

    private static JsonSerializerOptions Of(string name) => name == "strict" ? ContractJson.Strict : ContractJson.Lenient;

    [Theory]
    [MemberData(nameof(Options))]
    public void A_repeated_member_is_an_error(string options)
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CountRequest>("""{"filter":{"ageMax":1,"ageMax":2}}""", Of(options)));
        Assert.Contains("ageMax", e.Message + e.Path);
    }

    [Fact]
    public void A_member_in_another_case_is_unknown_to_the_strict_options()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CountRequest>("""{"filter":{"AGEMAX":33}}""", ContractJson.Strict));
        Assert.Contains("AGEMAX", e.Message);
    }

    [Fact]
    public void A_member_in_another_case_is_not_bound_by_the_lenient_options()
    {
        var request = JsonSerializer.Deserialize<BeaconRequest>("""{"QUERY":{"requestedGranularity":"boolean"}}""", ContractJson.Lenient)!;
        Assert.Null(request.Query);
    }

    [Fact]
    public void The_site_policy_round_trips_with_its_limits()
    {
        var policy = new SitePolicy(new DisclosurePolicy { MinCellCount = 7 }, new RequestLimits { MaxListLength = 12, ExportRetentionSeconds = 60 }, 30);
        var back = JsonSerializer.Deserialize<SitePolicy>(JsonSerializer.Serialize(policy, ContractJson.Strict), ContractJson.Strict)!;
        Assert.Equal(7, back.Disclosure.MinCellCount);
        Assert.Equal(policy.Limits, back.Limits);
        Assert.Throws<ArgumentException>(() => new RequestLimits { StoredExportsPerUser = 0 }.Validate());
    }
}
