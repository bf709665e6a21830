using System.Text.Json.Nodes;
using Analysis.Cli.Run;
using Analysis.Tests.Shared;

namespace Analysis.Cli.Tests;

/// <summary>
/// <c>analysis run</c>, <c>verify</c> and <c>params</c> on bad input: every case is refused with one clear message and a
/// non-zero exit before any kernel starts (the notebooks here name a kernelspec that does not exist, so a run that got
/// as far as starting a kernel would fail with a different message). Runs with a kernel are in
/// tests/notebooks/test_analysis_run.py.
/// </summary>
[Collection("environment")]
public sealed class RunCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("run-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private const string Parameters = """
        // Parameters
        var seed = 1; // generator seed
        long big = 5000000000L;
        double tolerance = 0.0005;
        decimal price = 1.25m;
        bool exact = false;
        string site = "oslo";
        DateOnly from = new DateOnly(2020, 1, 1);
        DateTime at = DateTime.Parse("2024-05-01T12:00:00Z");
        int[] strata = new[] { 1, 2 };
        string[] names = { "a" };
        double? cutoff = null;
        System.Uri endpoint = new("http://x/");
        """;

    private string Notebook(string parameters = Parameters, int nbformat = 4, params JsonObject[] more)
    {
        var cells = new JsonArray
        {
            new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = "# A notebook" },
            new JsonObject
            {
                ["cell_type"] = "code", ["execution_count"] = null, ["outputs"] = new JsonArray(),
                ["metadata"] = new JsonObject { ["tags"] = new JsonArray("parameters") }, ["source"] = parameters,
            },
        };
        foreach (var m in more) cells.Add(m);
        var nb = new JsonObject
        {
            ["cells"] = cells, ["nbformat"] = nbformat, ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = "no-such-kernel-for-tests", ["display_name"] = "x", ["language"] = "csharp" } },
        };
        var path = Path.Combine(_root, $"nb-{Guid.NewGuid():N}.ipynb");
        File.WriteAllText(path, nb.ToJsonString());
        return path;
    }

    [Fact]
    public void Params_lists_each_declaration_with_its_csharp_type_default_and_comment()
    {
        var (code, output, _) = CommandRunner.Run("params", Notebook());
        Assert.Equal(0, code);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).ToArray()).ToArray();
        Assert.Equal(["name", "type", "default", "description"], rows[0]);
        var types = rows.Skip(1).ToDictionary(r => r[0], r => r[1]);
        Assert.Equal("int", types["seed"]);
        Assert.Equal("long", types["big"]);
        Assert.Equal("double", types["tolerance"]);
        Assert.Equal("decimal", types["price"]);
        Assert.Equal("bool", types["exact"]);
        Assert.Equal("string", types["site"]);
        Assert.Equal("DateOnly", types["from"]);
        Assert.Equal("DateTime", types["at"]);
        Assert.Equal("int[]", types["strata"]);
        Assert.Equal("string[]", types["names"]);
        Assert.Equal("double?", types["cutoff"]);
        Assert.Equal("System.Uri (cannot be set)", types["endpoint"]);
        Assert.Equal(["seed", "int", "1", "generator seed"], rows[1]);
    }

    [Theory]
    [InlineData("unknown parameter 'sead'", "-p", "sead", "2")]
    [InlineData("parameter 'seed' expects int, got the number 1.5", "-p", "seed", "1.5")]
    [InlineData("parameter 'seed' expects int, got the text \"2\"", "-r", "seed", "2")]
    [InlineData("parameter 'seed' expects int, got the integer 99999999999 (out of the range of int)", "-p", "seed", "99999999999")]
    [InlineData("parameter 'site' expects string, got the integer 5 (pass text with -r", "-p", "site", "5")]
    [InlineData("parameter 'exact' expects bool, got the text \"yes please\"", "-p", "exact", "yes please")]
    [InlineData("parameter 'from' expects DateOnly, got the text \"2020-13-01\" (write a date as yyyy-MM-dd)", "-p", "from", "2020-13-01")]
    [InlineData("parameter 'at' expects DateTime, got the text \"noon\"", "-p", "at", "noon")]
    [InlineData("parameter 'strata' expects int[], got the integer 3 (an array parameter takes a list", "-p", "strata", "3")]
    [InlineData("parameter 'strata' expects int[], got the text \"x\"", "-p", "strata", "[1, x]")]
    [InlineData("parameter 'tolerance' expects double, got null (make it double? in the parameters cell to allow null)", "-p", "tolerance", "null")]
    [InlineData("parameter 'endpoint' cannot be set: its type 'System.Uri' is not one of", "-p", "endpoint", "http://y/")]
    public void A_value_that_does_not_fit_is_refused_before_anything_runs(string message, string option, string name, string value)
    {
        var (code, _, error) = CommandRunner.Run("run", Notebook(), option, name, value, "--no-progress");
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Contains("known parameters: seed (int), big (long), tolerance (double), price (decimal), exact (bool), site (string)", error);
        Assert.DoesNotContain("kernelspec", error);
    }

    [Fact]
    public void Yaml_parameters_are_checked_the_same_way_and_name_the_source()
    {
        var file = Path.Combine(_root, "p.yaml");
        File.WriteAllText(file, "seed: [1, 2]\n");
        var (code, _, error) = CommandRunner.Run("run", Notebook(), "-f", file);
        Assert.Equal(2, code);
        Assert.Contains("parameter 'seed' expects int, got the list [1, 2]", error);

        (code, _, error) = CommandRunner.Run("run", Notebook(), "-y", "seed: [1, 2");
        Assert.Equal(2, code);
        Assert.Contains("-y is not valid YAML", error);
    }

    [Fact]
    public void Values_that_fit_get_past_the_check_and_only_then_is_the_kernel_looked_for()
    {
        var (code, _, error) = CommandRunner.Run("run", Notebook(), "-p", "seed", "2", "-p", "cutoff", "0.5", "-r", "site", "5", "-y", "strata: [3, 4]\nfrom: 2021-02-03\nat: 2024-01-01T00:00:00Z",
            "-p", "price", "2.50", "-p", "big", "7", "-p", "exact", "true", "-p", "names", "[x, \"y z\"]", "--no-progress");
        Assert.Equal(2, code);
        Assert.Contains("no kernelspec named 'no-such-kernel-for-tests'", error);
    }

    [Fact]
    public void The_injected_cell_declares_each_value_with_its_type_and_replaces_an_earlier_one()
    {
        var notebook = Analysis.Cli.Run.Notebook.Load(Notebook());
        var declared = NotebookParameters.Read(notebook);
        var values = ParameterValues.Check(declared, [
            ("seed", ParameterValues.FromCommandLine("7")), ("site", new RawScalar("a \"quoted\" name", true)),
            ("cutoff", ParameterValues.FromCommandLine("1e-3")), ("from", ParameterValues.FromCommandLine("2021-02-03")),
            ("names", ParameterValues.FromCommandLine("[x, y]")), ("price", ParameterValues.FromCommandLine("0.10")),
        ]);
        NotebookParameters.Inject(notebook, values);
        NotebookParameters.Inject(notebook, values);

        var injected = notebook.Cells.Select(c => c!.AsObject()).Where(c => Analysis.Cli.Run.Notebook.Tags(c).Contains("injected-parameters")).ToList();
        var cell = Assert.Single(injected);
        Assert.Equal(2, notebook.Cells.IndexOf(cell));
        // The injected source is C# that declares each parameter with the type the parameters cell gave it.
        var reread = NotebookParameters.Parse(Analysis.Cli.Run.Notebook.Source(cell), "injected");
        Assert.Equal(values.Select(v => (v.Parameter.Name, v.Parameter.Type)), reread.Select(p => (p.Name, p.Type)));
        Assert.Contains("string site = \"a \\\"quoted\\\" name\";", Analysis.Cli.Run.Notebook.Source(cell));
        Assert.Contains("decimal price = 0.10m;", Analysis.Cli.Run.Notebook.Source(cell));
        Assert.Contains("DateOnly from = new DateOnly(2021, 2, 3);", Analysis.Cli.Run.Notebook.Source(cell));
        var metadata = notebook.Metadata["papermill"]!["parameters"]!.AsObject();
        Assert.Equal(7, metadata["seed"]!.GetValue<int>());
        Assert.Equal(0.001, metadata["cutoff"]!.GetValue<double>());
        Assert.Equal("2021-02-03", metadata["from"]!.GetValue<string>());
        Assert.Equal(["x", "y"], metadata["names"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void A_parameters_cell_that_does_not_parse_is_named_with_its_line()
    {
        var (code, _, error) = CommandRunner.Run("run", Notebook("var seed = 1;\nvar tolerance = ;\n"), "-p", "seed", "2");
        Assert.Equal(2, code);
        Assert.Contains("the parameters cell (cell 2) does not parse as C#: line 2", error);
        Assert.Equal(2, CommandRunner.Run("params", Notebook("int x = (;")).Exit);
    }

    [Fact]
    public void Files_that_are_not_nbformat_4_notebooks_are_refused()
    {
        var text = Path.Combine(_root, "notes.ipynb");
        File.WriteAllText(text, "just some notes");
        var (code, _, error) = CommandRunner.Run("run", text);
        Assert.Equal(2, code);
        Assert.Contains("not a notebook: it is not JSON", error);

        var json = Path.Combine(_root, "data.ipynb");
        File.WriteAllText(json, "{\"rows\": []}");
        Assert.Contains("not a notebook: no \"cells\" list", CommandRunner.Run("run", json).Error);

        var (old, _, oldError) = CommandRunner.Run("run", Notebook(nbformat: 3));
        Assert.Equal(2, old);
        Assert.Contains("nbformat 3 is not supported", oldError);

        var (missing, _, missingError) = CommandRunner.Run("verify", Path.Combine(_root, "gone.ipynb"), "--claims", Path.Combine(_root, "c.yaml"));
        Assert.Equal(2, missing);
        Assert.Contains("c.yaml", missingError);
    }

    private string Executed(params (string Name, JsonNode? Value)[] results)
    {
        var outputs = new JsonArray();
        foreach (var (name, value) in results)
            outputs.Add(new JsonObject
            {
                ["output_type"] = "display_data", ["metadata"] = new JsonObject(),
                ["data"] = new JsonObject { ["text/plain"] = name, [Analysis.Kernel.ResultRecorder.MimeType] = new JsonObject { ["name"] = name, ["value"] = value } },
            });
        return Notebook("var seed = 1;", more: new JsonObject { ["cell_type"] = "code", ["execution_count"] = 1, ["metadata"] = new JsonObject(), ["source"] = "", ["outputs"] = outputs });
    }

    private string Claims(string body)
    {
        var path = Path.Combine(_root, $"claims-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, body);
        return path;
    }

    [Fact]
    public void Verify_compares_with_absolute_and_relative_tolerances_and_text_exactly()
    {
        var notebook = Executed(("n", 1010), ("hr", 1.02649), ("chisq", 50.61127), ("ties", "Efron"));
        var claims = Claims("""
            claims:
              - name: n
                published: 1010
              - name: hr
                published: 1.0265
                tolerance: 0.0005
              - name: chisq
                published: 50.6
                relative: 0.001
              - name: ties
                published: Efron
            """);
        var (code, output, _) = CommandRunner.Run("verify", notebook, "--executed", "--claims", claims);
        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(["claim", "published", "observed", "difference", "result"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["hr", "1.0265", "1.02649", "-0.00001", "pass"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("All 4 claims reproduce.", lines[^1]);

        // Just outside each tolerance.
        var strict = Claims("""
            claims:
              - name: hr
                published: 1.0265
                tolerance: 0.000005
              - name: chisq
                published: 50.6
                relative: 0.0002
              - name: ties
                published: Breslow
            """);
        (code, output, _) = CommandRunner.Run("verify", notebook, "--executed", "--claims", strict);
        Assert.Equal(1, code);
        Assert.Equal(["hr", "chisq", "ties"], output.Split('\n').Where(l => l.TrimEnd().EndsWith(" FAIL", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]));
        Assert.Contains("hr: differs by -0.00001, more than the tolerance 0.000005", output);
        Assert.Contains("3 of 3 claims do not reproduce.", output);
    }

    [Fact]
    public void A_claim_the_notebook_never_records_is_missing_and_names_what_it_did_record()
    {
        var notebook = Executed(("n", 1010));
        var (code, output, _) = CommandRunner.Run("verify", notebook, "--executed", "--claims", Claims("claims:\n  - name: median_os\n    published: 1200\n  - name: n\n    published: 1010\n"));
        Assert.Equal(1, code);
        Assert.Matches(@"median_os\s+1200\s+\(not recorded\)\s+MISSING", output);
        Assert.Contains("median_os: the notebook never recorded 'median_os' (it recorded: n)", output);
    }

    [Theory]
    [InlineData("claims: []\n", "claims: a non-empty list of claims is required")]
    [InlineData("claims:\n  - published: 3\n", "claims[0].name: required")]
    [InlineData("claims:\n  - name: a\n", "claims[0].published: required")]
    [InlineData("claims:\n  - name: a\n    published: 1\n    tolerance: -1\n", "claims[0].tolerance: must be a number at least 0")]
    [InlineData("claims:\n  - name: a\n    published: 1\n  - name: a\n    published: 2\n", "claims[1].name: 'a' is claimed twice")]
    [InlineData("claims: [\n", "not valid YAML")]
    public void A_malformed_claims_file_names_the_member(string body, string message)
    {
        var (code, _, error) = CommandRunner.Run("verify", Executed(("a", 1)), "--executed", "--claims", Claims(body));
        Assert.Equal(2, code);
        Assert.Contains(message, error);
    }
}
