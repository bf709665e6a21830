using Analysis.Tests.Shared;
using System.Text.Json;

namespace Analysis.Cli.Tests;

/// <summary>Runs the real command tree. Console redirection is process-wide, so these never run in parallel with each other.</summary>
[Collection("environment")]
public sealed class SynthCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"synth-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Writes_a_site_folder_with_the_requested_cancers()
    {
        var dir = Path.Combine(_root, "bergen");
        var (code, output, error) = CommandRunner.Run("synth", "--site", "bergen", "--patients", "50", "--seed", "3", "--out", dir, "--cancers", "lung,colorectal");
        Assert.True(code == 0, error);
        Assert.Contains("50 Patient", output);
        foreach (var f in (string[])["Patient.ndjson", "Condition.ndjson", "Observation.ndjson", "Procedure.ndjson", "MedicationRequest.ndjson", "mutations.maf", "metadata.json"])
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metadata.json")));
        Assert.Equal(3UL, meta.RootElement.GetProperty("seed").GetUInt64());
        Assert.Equal("bergen", meta.RootElement.GetProperty("site").GetString());
        Assert.Equal(50, meta.RootElement.GetProperty("patients").GetInt32());
        Assert.Equal(["lung", "colorectal"], meta.RootElement.GetProperty("cancers").EnumerateArray().Select(c => c.GetString()));
        Assert.False(meta.RootElement.GetProperty("hazardRatios").TryGetProperty("breast", out _));
        Assert.DoesNotContain(File.ReadLines(Path.Combine(dir, "Condition.ndjson")), l => l.Contains("C50.9"));
    }

    [Fact]
    public void Imaging_writes_series_with_masks_for_a_share_of_the_patients()
    {
        var dir = Path.Combine(_root, "imaged");
        var (code, output, error) = CommandRunner.Run("synth", "--site", "imaged", "--patients", "20", "--seed", "3", "--out", dir, "--imaging", "0.5");
        Assert.True(code == 0, error);
        var masks = Directory.GetFiles(Path.Combine(dir, "imaging"), "mask.nii", SearchOption.AllDirectories);
        Assert.NotEmpty(masks);
        Assert.Contains($"{masks.Length} imaging series", output);
        Assert.All(masks, m => Assert.Equal(16, Directory.GetFiles(Path.GetDirectoryName(m)!, "*.dcm").Length));
    }

    [Theory]
    [InlineData("--patients", "-5", "--patients")]
    [InlineData("--patients", "many", "--patients")]
    [InlineData("--cancers", "breast,liver", "liver")]
    [InlineData("--seed", "-1", "--seed")]
    [InlineData("--site", "bad/site", "site")]
    [InlineData("--profile", "moon", "moon")]
    [InlineData("--imaging", "1.5", "--imaging")]
    [InlineData("--imaging", "some", "--imaging")]
    public void Bad_arguments_exit_2_with_a_clear_message(string option, string value, string mentioned)
    {
        var args = new Dictionary<string, string> { ["--site"] = "oslo", ["--patients"] = "10", ["--out"] = Path.Combine(_root, "x") };
        args[option] = value;
        var (code, _, error) = CommandRunner.Run(["synth", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, code);
        Assert.Contains("error:", error);
        Assert.Contains(mentioned, error);
        Assert.False(Directory.Exists(Path.Combine(_root, "x")), "nothing is written when the arguments are bad");
    }

    [Fact]
    public void Missing_required_options_exit_2()
    {
        var (code, _, error) = CommandRunner.Run("synth", "--patients", "10", "--out", _root);
        Assert.Equal(2, code);
        Assert.Contains("--site", error);
    }

    [Fact]
    public void An_unwritable_output_folder_exits_2()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "");
        // A folder inside a regular file cannot be created, even by root.
        var (code, _, error) = CommandRunner.Run("synth", "--site", "oslo", "--patients", "10", "--out", Path.Combine(file, "out"));
        Assert.Equal(2, code);
        Assert.Contains("cannot write", error);
    }
}
