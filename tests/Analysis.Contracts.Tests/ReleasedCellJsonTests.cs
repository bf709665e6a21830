using System.Text.Json;

namespace Analysis.Contracts.Tests;

/// <summary>The released cell's wire format, read and written by <see cref="ReleasedCellJsonConverter"/>.</summary>
public sealed class ReleasedCellJsonTests
{
    private static string Write(ReleasedCell cell) => JsonSerializer.Serialize(cell, ContractJson.Strict);

    private static ReleasedCell Read(string json) => JsonSerializer.Deserialize<ReleasedCell>(json, ContractJson.Strict);

    [Theory]
    [InlineData(0L)]
    [InlineData(12L)]
    [InlineData(long.MaxValue)]
    public void A_shown_count_round_trips_as_its_value(long count)
    {
        var json = Write(ReleasedCell.Shown(count));
        Assert.Equal($$"""{"value":{{count}}}""", json);
        var back = Read(json);
        Assert.Equal(ReleasedCell.Shown(count), back);
        Assert.Equal((count, false, count.ToString(System.Globalization.CultureInfo.InvariantCulture)), (back.ValueOrZero, back.IsSuppressed, back.Display));
    }

    [Fact]
    public void A_suppressed_count_round_trips_without_any_value()
    {
        var json = Write(ReleasedCell.Suppressed(5));
        Assert.Equal("""{"suppressed":true,"display":"<5"}""", json);
        Assert.DoesNotContain("value", json);
        var back = Read(json);
        Assert.Equal((true, (long?)null, "<5", 0L), (back.IsSuppressed, back.Value, back.Display, back.ValueOrZero));
        Assert.Equal(ReleasedCell.Suppressed(5), back);
        // Through the source-generated context too, as the client reads answers.
        Assert.Equal(back, JsonSerializer.Deserialize(json, ContractJson.Default.ReleasedCell));
        Assert.Equal(ReleasedCell.Suppressed("suppressed"), Read("""{"suppressed":true}"""));
    }

    [Fact]
    public void A_cell_withheld_under_a_threshold_of_one_is_read_as_an_exact_zero()
    {
        var cell = Read("""{"suppressed":true,"display":"<1"}""");
        Assert.Equal((false, (long?)0L, "0"), (cell.IsSuppressed, cell.Value, cell.Display));
        Assert.Equal("""{"value":0}""", Write(cell));
        Assert.Equal(ReleasedCell.Shown(0), ReleasedCell.Suppressed(1) is var s && s.Display == "<1" ? ReleasedCell.Suppressed(s.Display) : s);
    }

    [Fact]
    public void Members_a_later_node_adds_are_skipped()
    {
        Assert.Equal(ReleasedCell.Shown(7), Read("""{"rounded":"to 5","value":7,"note":{"a":[1,2]}}"""));
        Assert.Equal(ReleasedCell.Suppressed(10), Read("""{"display":"<10","extra":null,"suppressed":true}"""));
    }

    [Theory]
    [InlineData("[1]", "a count cell must be an object, not StartArray")]
    [InlineData("12", "a count cell must be an object, not Number")]
    [InlineData("""{"value":"12"}""", "not a count cell")]
    [InlineData("""{"value":1.5}""", "not a count cell")]
    [InlineData("""{"value":3,"suppressed":true}""", "not a count cell")]
    [InlineData("""{"suppressed":false}""", "not a count cell")]
    [InlineData("{}", "not a count cell")]
    public void A_malformed_cell_is_a_json_exception_naming_the_problem(string json, string problem)
    {
        var e = Assert.Throws<JsonException>(() => Read(json));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_cell_inside_an_answer_reads_with_the_answer()
    {
        var answer = new CrosstabResult("sex", "stage_group", [new("female", "I", ReleasedCell.Shown(40)), new("male", "I", ReleasedCell.Suppressed(5))]);
        var json = JsonSerializer.Serialize(answer, ContractJson.Strict);
        Assert.Contains("""{"row":"male","column":"I","count":{"suppressed":true,"display":"<5"}}""", json);
        var back = JsonSerializer.Deserialize<CrosstabResult>(json, ContractJson.Strict)!;
        Assert.Equal(answer.Cells, back.Cells);
        var bad = json.Replace("""{"value":40}""", """{"value":"40"}""");
        Assert.Contains("not a count cell", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CrosstabResult>(bad, ContractJson.Strict)).Message);
    }
}
