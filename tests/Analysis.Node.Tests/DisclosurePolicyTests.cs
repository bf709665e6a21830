using System.Text.Json;
using Analysis.Contracts;
using Analysis.Node.Disclosure;

namespace Analysis.Node.Tests;

public sealed class DisclosurePolicyTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    public void Counts_under_the_threshold_are_suppressed(long count, bool suppressed)
    {
        var cell = new DisclosurePolicy { MinCellCount = 5 }.Count(count);
        Assert.Equal(suppressed, cell.IsSuppressed);
        Assert.Equal(suppressed ? null : count, cell.Value);
        Assert.Equal(suppressed ? "<5" : count.ToString(), cell.Display);
    }

    [Fact]
    public void A_suppressed_cell_never_carries_its_value_on_the_wire()
    {
        var json = JsonDocument.Parse(JsonSerializer.Serialize(new DisclosurePolicy().Count(4))).RootElement;
        Assert.Equal(["suppressed", "display"], json.EnumerateObject().Select(p => p.Name));
        Assert.True(json.GetProperty("suppressed").GetBoolean());
        Assert.Equal("<5", json.GetProperty("display").GetString());
        Assert.Equal("{\"value\":6}", JsonSerializer.Serialize(new DisclosurePolicy().Count(6)));
    }

    [Fact]
    public void Policy_values_are_checked()
    {
        Assert.Throws<ArgumentException>(() => new DisclosurePolicy { MinCellCount = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new DisclosurePolicy { MinCellCount = 10, MinSubsetSize = 5 }.Validate());
        Assert.Throws<ArgumentException>(() => new DisclosurePolicy { MaxGlmParametersPerN = 2 }.Validate());
        new DisclosurePolicy().Validate();
    }

    [Fact]
    public void Node_json_sets_policy_and_tokens()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            { "policy": { "minCellCount": 11, "minSubsetSize": 20, "survivalGridDays": 90 },
              "tokens": [ { "token": "t1", "user": "u1" }, { "token": "t2", "user": "u2", "scopes": ["beacon"] } ] }
            """);
        var config = Configuration.NodeConfig.Load(path);
        Assert.Equal((11, 20, 90, 0.33), (config.Policy.MinCellCount, config.Policy.MinSubsetSize, config.Policy.SurvivalGridDays, config.Policy.MaxGlmParametersPerN));
        Assert.Equal(["aggregate"], config.Tokens[0].Scopes);
        Assert.Equal(["beacon"], config.Tokens[1].Scopes);

        File.WriteAllText(path, """{ "policy": { "minCelCount": 3 } }""");
        Assert.Contains("minCelCount", Assert.Throws<InvalidDataException>(() => Configuration.NodeConfig.Load(path)).Message);
        File.Delete(path);
    }
}
