using System.Text.Json.Nodes;

namespace Analysis.Kernel.Tests.Display;

public sealed class ResultRecorderTests
{
    [Fact]
    public void A_recorded_number_goes_out_as_its_own_mime_type_with_name_and_json_value()
    {
        var frontEnd = new RecordingFrontEnd();
        var recorder = new ResultRecorder(frontEnd);
        var returned = recorder.Record("hr_age", 1.0265);

        Assert.Equal(1.0265, returned);
        var (bundle, id, update) = Assert.Single(frontEnd.Displays);
        Assert.Null(id);
        Assert.False(update);
        var json = Assert.IsType<JsonObject>(bundle.Data[ResultRecorder.MimeType]);
        Assert.Equal("hr_age", json["name"]!.GetValue<string>());
        Assert.Equal(1.0265, json["value"]!.GetValue<double>());
        Assert.Equal("hr_age = 1.0265", bundle.PlainText);
    }

    [Fact]
    public void A_table_is_recorded_as_json_rows()
    {
        var frontEnd = new RecordingFrontEnd();
        new ResultRecorder(frontEnd).Record("strata", new[] { new { Stage = "I", N = 250 }, new { Stage = "IV", N = 120 } });
        var value = frontEnd.Displays[0].Bundle.Data[ResultRecorder.MimeType]["value"]!.AsArray();
        Assert.Equal(2, value.Count);
        Assert.Equal("IV", value[1]!["Stage"]!.GetValue<string>());
        Assert.Equal(120, value[1]!["N"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("median os")]
    [InlineData("hr/age")]
    public void A_name_a_claims_file_could_not_name_is_refused(string name)
    {
        var frontEnd = new RecordingFrontEnd();
        Assert.ThrowsAny<ArgumentException>(() => new ResultRecorder(frontEnd).Record(name, 1));
        Assert.Empty(frontEnd.Displays);
    }

    [Fact]
    public async Task A_cell_records_through_the_globals_Results()
    {
        var (session, frontEnd) = RecordingFrontEnd.NewSession();
        Assert.True((await session.RunAsync("Results.Record(\"n\", 40 + 2);", 1, default)).Succeeded);
        var json = Assert.Single(frontEnd.Displays, d => d.Bundle.Data.ContainsKey(ResultRecorder.MimeType)).Bundle.Data[ResultRecorder.MimeType];
        Assert.Equal(42, json["value"]!.GetValue<int>());
    }
}
