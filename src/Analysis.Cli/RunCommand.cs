using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Analysis.Cli.Run;
using Analysis.Federation;

namespace Analysis.Cli;

/// <summary>
/// <c>analysis run</c>, <c>analysis verify</c> and <c>analysis params</c>: a notebook run headless through the Jupyter
/// protocol with papermill's parameter conventions, its recorded results checked against a claims file, and an RO-Crate
/// of the run written beside the output notebook.
/// </summary>
internal static class RunCommand
{
    private sealed record Common(
        Argument<FileInfo> Notebook, Option<string?> Output, Option<string[]> Parameters, Option<string[]> Raw, Option<FileInfo[]> Files,
        Option<string[]> Yaml, Option<string?> Kernel, Option<DirectoryInfo?> Cwd, Option<double?> Timeout, Option<FileInfo?> Federation,
        Option<bool> AllowErrors, Option<bool> NoProgress);

    private static Common Options()
    {
        static Option<string[]> Pairs(string name, string alias, string description) => new(name, alias)
        {
            Description = description, Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true,
        };
        return new Common(
            new Argument<FileInfo>("notebook") { Description = "The notebook (.ipynb, nbformat 4)." },
            new Option<string?>("--output", "-o") { Description = "The output notebook (default: NAME.out.ipynb beside the input); ro-crate-metadata.json goes beside it." },
            Pairs("--parameters", "-p", "-p NAME VALUE: a parameter; numbers, true/false and [lists] are parsed (repeatable)."),
            Pairs("--raw", "-r", "-r NAME VALUE: a parameter taken as text, as given (repeatable)."),
            new Option<FileInfo[]>("--parameters-file", "-f") { Description = "A YAML file of parameters (name: value) (repeatable).", AllowMultipleArgumentsPerToken = false },
            new Option<string[]>("--parameters-yaml", "-y") { Description = "Parameters as a YAML string, e.g. \"seed: 2\" (repeatable)." },
            new Option<string?>("--kernel", "-k") { Description = "The kernelspec to run (default: the notebook's metadata.kernelspec.name)." },
            new Option<DirectoryInfo?>("--cwd") { Description = "The kernel's working directory (default: the notebook's folder)." },
            new Option<double?>("--timeout") { Description = "Seconds one cell may run before it is interrupted and the run fails (default: no limit)." },
            new Option<FileInfo?>("--federation") { Description = "The federation catalog the notebook's FederationClient.Local() connects to (sets ANALYSIS_FEDERATION)." },
            new Option<bool>("--allow-errors") { Description = "Run every cell even after one fails (the run still fails)." },
            new Option<bool>("--no-progress") { Description = "Print no progress." });
    }

    private static void AddTo(Command command, Common o)
    {
        command.Arguments.Add(o.Notebook);
        foreach (var option in new Option[] { o.Output, o.Parameters, o.Raw, o.Files, o.Yaml, o.Kernel, o.Cwd, o.Timeout, o.Federation, o.AllowErrors, o.NoProgress })
            command.Options.Add(option);
    }

    /// <summary><c>analysis run</c>.</summary>
    public static Command Run()
    {
        var o = Options();
        var command = new Command("run", "Run a notebook headless through its kernel (papermill's conventions): inject parameters, write the output notebook and an RO-Crate of the run.");
        AddTo(command, o);
        command.SetAction(parse => Guarded(() => Execute(parse, o, null, anyData: true).Exit));
        return command;
    }

    /// <summary><c>analysis verify</c>.</summary>
    public static Command Verify()
    {
        var o = Options();
        var claims = new Option<FileInfo>("--claims") { Description = "The claims file (YAML): published values with tolerances and the data's fingerprints.", Required = true };
        var executed = new Option<bool>("--executed") { Description = "Read the results from NOTEBOOK, already executed, instead of running it." };
        var anyData = new Option<bool>("--any-data") { Description = "Compare even when the federation's dataset fingerprints differ from the claims file's." };
        var command = new Command("verify", "Run a notebook (or read an executed one) and check every published claim: claim, published, observed, difference, pass/fail. Exit 1 if any fails or is missing.");
        AddTo(command, o);
        command.Options.Add(claims);
        command.Options.Add(executed);
        command.Options.Add(anyData);
        command.SetAction(parse => Guarded(() =>
        {
            var file = ClaimsFile.Load(parse.GetValue(claims)!.FullName);
            if (parse.GetValue(executed))
            {
                var notebook = Notebook.Load(parse.GetValue(o.Notebook)!.FullName);
                var checks = file.Check(ClaimsFile.Recorded(notebook), new Dictionary<string, string>());
                Console.WriteLine(ClaimsFile.Table(checks));
                return checks.All(c => c.Pass) ? 0 : 1;
            }
            return Execute(parse, o, file, parse.GetValue(anyData)).Exit;
        }));
        return command;
    }

    /// <summary><c>analysis params</c>.</summary>
    public static Command Params()
    {
        var notebook = new Argument<FileInfo>("notebook") { Description = "The notebook (.ipynb)." };
        var command = new Command("params", "List the parameters of a notebook's cell tagged 'parameters': name, C# type, default.") { notebook };
        command.SetAction(parse => Guarded(() =>
        {
            var nb = Notebook.Load(parse.GetValue(notebook)!.FullName);
            var parameters = NotebookParameters.Read(nb);
            if (parameters.Count == 0)
            {
                Console.WriteLine($"{nb.Path} has no cell tagged '{NotebookParameters.Tag}'.");
                return 0;
            }
            var rows = parameters.Select(p => new[] { p.Name, p.Type.CSharp + (p.Type.Kind == ParameterKind.Unsupported ? " (cannot be set)" : ""), p.Default, p.Description ?? "" }).ToList();
            var header = new[] { "name", "type", "default", "description" };
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            foreach (var row in rows.Prepend(header)) Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
            return 0;
        }));
        return command;
    }

    /// <summary>Runs <paramref name="body"/>, turning every bad-input error into one line on standard error and exit code 2.</summary>
    private static int Guarded(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is NotebookException or ParameterException or ClaimsException or KernelStartException or FederationCatalogException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static (int Exit, RunOutcome? Outcome) Execute(ParseResult parse, Common o, ClaimsFile? claims, bool anyData)
    {
        var input = parse.GetValue(o.Notebook)!.FullName;
        if (!File.Exists(input)) throw new NotebookException($"{input}: no such notebook");
        var inputSha = RunCrate.Sha256(input);
        var notebook = Notebook.Load(input);
        var declared = NotebookParameters.Read(notebook);
        var given = new List<(string, RawValue)>();
        foreach (var f in parse.GetValue(o.Files) ?? [])
        {
            if (!f.Exists) throw new ParameterException($"{f.FullName}: no such parameters file");
            given.AddRange(ParameterValues.FromYamlMapping(File.ReadAllText(f.FullName), f.FullName));
        }
        foreach (var y in parse.GetValue(o.Yaml) ?? []) given.AddRange(ParameterValues.FromYamlMapping(y, "-y"));
        foreach (var pair in Pairs(parse.GetValue(o.Parameters), "-p")) given.Add((pair[0], ParameterValues.FromCommandLine(pair[1])));
        foreach (var pair in Pairs(parse.GetValue(o.Raw), "-r")) given.Add((pair[0], new RawScalar(pair[1], Quoted: true)));
        var values = ParameterValues.Check(declared, given);

        var output = parse.GetValue(o.Output) is { Length: > 0 } explicitOutput ? Path.GetFullPath(explicitOutput)
            : Path.Combine(Path.GetDirectoryName(input)!, Path.GetFileNameWithoutExtension(input) + ".out.ipynb");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var catalog = parse.GetValue(o.Federation)?.FullName;
        if (catalog is not null)
        {
            if (!File.Exists(catalog)) throw new FederationCatalogException(catalog, "(file)", "no such federation catalog");
            environment[FederationClient.CatalogVariable] = catalog;
        }

        // What each site says about itself, before anything runs: the crate records it, and verify compares fingerprints.
        var sites = Sites(catalog ?? (claims is not null || File.Exists(FederationClient.DefaultCatalogPath()) ? FederationClient.DefaultCatalogPath() : null), claims is not null);
        var down = sites.Where(s => s.Info is null).ToDictionary(s => s.Name, s => s.Error ?? "no answer");
        if (claims is not null && claims.Data.Count > 0 && !anyData)
        {
            var differ = claims.Data.Select(d => (Site: d.Key, Expected: d.Value, Found: sites.FirstOrDefault(s => s.Name == d.Key)))
                .Where(d => d.Found?.Info is not null && d.Found.Info.Dataset?.ToString() != d.Expected).ToList();
            var absent = claims.Data.Keys.Where(k => sites.All(s => s.Name != k)).ToList();
            if (differ.Count > 0 || absent.Count > 0)
            {
                foreach (var d in differ) Console.Error.WriteLine($"error: site '{d.Site}' serves other data: dataset fingerprint {d.Found!.Info!.Dataset?.ToString() ?? "not reported"}, the claims were made on {d.Expected}");
                foreach (var a in absent) Console.Error.WriteLine($"error: the claims were made on site '{a}', which the federation catalog does not list");
                Console.Error.WriteLine("This is not the data the claims were published on; pass --any-data to compare anyway.");
                return (1, null);
            }
        }

        NotebookParameters.Inject(notebook, values);
        var papermill = (JsonObject)notebook.Metadata["papermill"]!;
        papermill["input_path"] = input;
        papermill["output_path"] = output;
        var options = new RunOptions(parse.GetValue(o.Kernel), parse.GetValue(o.Cwd)?.FullName ?? Path.GetDirectoryName(input)!,
            parse.GetValue(o.Timeout) is { } t ? TimeSpan.FromSeconds(t) : null, parse.GetValue(o.AllowErrors), environment,
            parse.GetValue(o.NoProgress) ? null : Console.Error);
        var outcome = NotebookRunner.Execute(notebook, options);
        notebook.Save(output);

        var checks = claims?.Check(outcome.Results, down);
        var crate = RunCrate.Write(new RunCrate.Run(input, inputSha, output, [.. values.Select(v => (v.Parameter.Name, v.Value.Json))],
            catalog, sites, outcome, outcome.Software, checks));
        Console.Error.WriteLine($"Wrote {output} and {crate}");
        if (!outcome.Succeeded)
        {
            Console.Error.WriteLine($"error: the run failed at {outcome.Error}");
            foreach (var (site, reason) in down) Console.Error.WriteLine($"error: site '{site}' did not answer ({reason})");
        }
        if (checks is not null) Console.WriteLine(ClaimsFile.Table(checks));
        var exit = !outcome.Succeeded || (checks is not null && !checks.All(c => c.Pass)) ? 1 : 0;
        return (exit, outcome);
    }

    private static IEnumerable<string[]> Pairs(string[]? tokens, string option) =>
        (tokens ?? []).Chunk(2).Select(p => p.Length == 2 ? p : throw new ParameterException($"{option} NAME VALUE: parameter '{p[0]}' has no value"));

    /// <summary>Asks every site of the catalog for its description; none when there is no catalog.</summary>
    private static List<SiteRecord> Sites(string? catalogPath, bool required)
    {
        if (catalogPath is null) return [];
        if (!File.Exists(catalogPath))
            return required ? throw new FederationCatalogException(catalogPath, "(file)", "no federation catalog here; start the sites (analysis sites up) or pass --federation") : [];
        var catalog = FederationCatalog.Load(catalogPath);
        using var client = new FederationClient(catalog.Sites, FederationOptions.Default with { Progress = null });
        var status = client.StatusAsync().GetAwaiter().GetResult();
        return [.. catalog.Sites.Select(s =>
        {
            var st = status.Sites.First(x => x.Site == s.Name);
            return new SiteRecord(s.Name, s.Url, st.Info, st.Info is null ? st.Error ?? "no answer" : null);
        })];
    }
}
