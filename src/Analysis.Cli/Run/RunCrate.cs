using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Analysis.Contracts;

namespace Analysis.Cli.Run;

/// <summary>What a federation's site said about itself when the run started.</summary>
/// <param name="Name">The site's name in the catalog.</param>
/// <param name="Url">Its node's base URL.</param>
/// <param name="Info">Its node's description (version, disclosure policy, dataset fingerprint), null when it was down.</param>
/// <param name="Error">Why it gave none.</param>
public sealed record SiteRecord(string Name, Uri Url, NodeInfo? Info, string? Error);

/// <summary>
/// Writes <c>ro-crate-metadata.json</c> beside the output notebook: an RO-Crate 1.1 conforming to the Process Run Crate
/// profile 0.6, whose <c>CreateAction</c> says what ran (the notebook and its SHA-256, the kernel, .NET and every loaded
/// assembly), on what (the parameters, the seeds, the federation's sites with node version, disclosure policy and dataset
/// fingerprint), what came out (the output notebook, each claim as a <c>PropertyValue</c>), by whom, when, and how it ended.
/// </summary>
public static class RunCrate
{
    /// <summary>The crate's metadata file name (fixed by RO-Crate).</summary>
    public const string FileName = "ro-crate-metadata.json";

    /// <summary>The profile the crate conforms to.</summary>
    public const string Profile = "https://w3id.org/ro/wfrun/process/0.6";

    /// <summary>Everything the crate records about a run.</summary>
    /// <param name="Input">The notebook that was run (its path).</param>
    /// <param name="InputSha256">SHA-256 of the notebook as it was read, before parameters were injected.</param>
    /// <param name="Output">The output notebook's path.</param>
    /// <param name="Parameters">The parameter values given (name, JSON value).</param>
    /// <param name="CatalogPath">The federation catalog the kernel was pointed at, if any.</param>
    /// <param name="Sites">What each site said about itself.</param>
    /// <param name="Outcome">The run.</param>
    /// <param name="Software">The kernel's loaded assemblies (name, version) and runtime, when it told us.</param>
    /// <param name="Claims">The claim checks, when the run was verified.</param>
    public sealed record Run(string Input, string InputSha256, string Output, IReadOnlyList<(string Name, JsonNode? Value)> Parameters,
        string? CatalogPath, IReadOnlyList<SiteRecord> Sites, RunOutcome Outcome, KernelSoftware? Software, IReadOnlyList<ClaimCheck>? Claims);

    /// <summary>SHA-256 of a file, lowercase hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Writes the crate into the output notebook's folder and returns the metadata file's path.</summary>
    public static string Write(Run run)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(run.Output))!;
        string Relative(string path) => Path.GetRelativePath(folder, Path.GetFullPath(path)).Replace('\\', '/');
        // The notebook that ran belongs in the crate; when it lives elsewhere a copy is kept beside the output.
        var input = Relative(run.Input);
        if (input.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(input))
        {
            var copy = Path.Combine(folder, "source", Path.GetFileName(run.Input));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(run.Input, copy, overwrite: true);
            input = Relative(copy);
        }
        var output = Relative(run.Output);
        var graph = new JsonArray();
        JsonObject Ref(string id) => new() { ["@id"] = id };
        JsonArray Refs(IEnumerable<string> ids) => new([.. ids.Select(i => (JsonNode?)Ref(i))]);

        var o = run.Outcome;
        var software = new List<string>();
        var kernelId = "#kernel";
        graph.Add(new JsonObject
        {
            ["@id"] = kernelId, ["@type"] = "SoftwareApplication",
            ["name"] = $"{o.KernelInfo?["implementation"]?.GetValue<string>() ?? o.Kernel} (kernelspec {o.Kernel})",
            ["softwareVersion"] = o.KernelInfo?["implementation_version"]?.GetValue<string>() ?? "unknown",
        });
        software.Add(kernelId);
        if (run.Software is { } sw)
        {
            graph.Add(new JsonObject { ["@id"] = "#dotnet", ["@type"] = "SoftwareApplication", ["name"] = ".NET runtime", ["softwareVersion"] = sw.Runtime, ["url"] = "https://dotnet.microsoft.com/" });
            software.Add("#dotnet");
            foreach (var (name, version) in sw.Assemblies)
            {
                var id = $"#assembly-{name}";
                graph.Add(new JsonObject { ["@id"] = id, ["@type"] = "SoftwareApplication", ["name"] = name, ["softwareVersion"] = version });
                software.Add(id);
            }
        }
        graph.Add(new JsonObject
        {
            ["@id"] = "#analysis-run", ["@type"] = "SoftwareApplication", ["name"] = "analysis run", ["softwareVersion"] = NotebookRunner.Version,
        });
        graph.Add(new JsonObject
        {
            ["@id"] = input, ["@type"] = new JsonArray("File", "SoftwareSourceCode"), ["name"] = Path.GetFileName(run.Input),
            ["encodingFormat"] = "application/x-ipynb+json", ["sha256"] = run.InputSha256,
            ["programmingLanguage"] = o.KernelInfo?["language_info"]?["name"]?.GetValue<string>() ?? "unknown",
            ["runtimePlatform"] = Ref(kernelId), ["softwareRequirements"] = Refs(software),
        });

        var objects = new List<string>();
        foreach (var (name, value) in run.Parameters)
        {
            var id = $"#param-{name}";
            graph.Add(new JsonObject { ["@id"] = id, ["@type"] = "PropertyValue", ["name"] = name, ["value"] = Scalar(value) });
            objects.Add(id);
        }
        for (var i = 0; i < o.Seeds.Count; i++)
        {
            var id = $"#seed-{i + 1}";
            graph.Add(new JsonObject
            {
                ["@id"] = id, ["@type"] = "PropertyValue", ["name"] = "random seed", ["description"] = $"used by {o.Seeds[i].Source}",
                ["propertyID"] = "seed", ["value"] = o.Seeds[i].Seed,
            });
            objects.Add(id);
        }
        if (run.CatalogPath is not null || run.Sites.Count > 0)
        {
            var siteIds = new List<string>();
            foreach (var site in run.Sites)
            {
                var id = $"#site-{site.Name}";
                var properties = new JsonArray
                {
                    new JsonObject { ["@type"] = "PropertyValue", ["name"] = "reachable", ["value"] = site.Info is not null },
                };
                if (site.Info is { } info)
                {
                    properties.Add(new JsonObject { ["@type"] = "PropertyValue", ["name"] = "node version", ["value"] = info.Version });
                    properties.Add(new JsonObject { ["@type"] = "PropertyValue", ["name"] = "disclosure policy", ["value"] = JsonSerializer.Serialize(info.Policy, ContractJson.Lenient) });
                    properties.Add(new JsonObject { ["@type"] = "PropertyValue", ["name"] = "dataset fingerprint", ["value"] = info.Dataset?.ToString() ?? "not reported" });
                }
                else properties.Add(new JsonObject { ["@type"] = "PropertyValue", ["name"] = "error", ["value"] = site.Error });
                graph.Add(new JsonObject
                {
                    ["@id"] = id, ["@type"] = "Dataset", ["name"] = site.Name, ["url"] = site.Url.AbsoluteUri,
                    ["identifier"] = site.Info?.Dataset?.ToString(), ["additionalProperty"] = properties,
                });
                siteIds.Add(id);
            }
            // The catalog holds tokens (secrets), so the crate describes it instead of including it.
            graph.Add(new JsonObject
            {
                ["@id"] = "#federation", ["@type"] = "Dataset", ["name"] = "federation catalog",
                ["description"] = run.CatalogPath is null ? "the default catalog" : $"catalog {run.CatalogPath} (tokens not recorded)",
                ["hasPart"] = Refs(siteIds),
            });
            objects.Add("#federation");
        }

        var results = new List<string> { output };
        graph.Add(new JsonObject
        {
            ["@id"] = output, ["@type"] = "File", ["name"] = Path.GetFileName(run.Output), ["encodingFormat"] = "application/x-ipynb+json",
            ["sha256"] = File.Exists(run.Output) ? Sha256(run.Output) : null,
        });
        foreach (var (name, value) in o.Results)
        {
            var check = run.Claims?.FirstOrDefault(c => c.Claim.Name == name);
            var id = $"#result-{name}";
            var entity = new JsonObject { ["@id"] = id, ["@type"] = "PropertyValue", ["name"] = name, ["value"] = Scalar(value) };
            if (check is not null) AddClaim(entity, check);
            graph.Add(entity);
            results.Add(id);
        }
        foreach (var check in run.Claims?.Where(c => !c.Recorded) ?? [])
        {
            var id = $"#result-{check.Claim.Name}";
            var entity = new JsonObject { ["@id"] = id, ["@type"] = "PropertyValue", ["name"] = check.Claim.Name, ["value"] = null };
            AddClaim(entity, check);
            graph.Add(entity);
            results.Add(id);
        }

        var agent = new JsonObject { ["@id"] = "#agent", ["@type"] = "Person", ["name"] = Environment.UserName };
        graph.Add(agent);
        var action = new JsonObject
        {
            ["@id"] = "#run", ["@type"] = "CreateAction",
            ["name"] = $"Run of {Path.GetFileName(run.Input)} with analysis run",
            ["instrument"] = Ref(input), ["object"] = Refs(objects), ["result"] = Refs(results), ["agent"] = Ref("#agent"),
            ["startTime"] = o.Start.ToString("O"), ["endTime"] = o.End.ToString("O"),
            ["actionStatus"] = new JsonObject { ["@id"] = o.Succeeded ? "http://schema.org/CompletedActionStatus" : "http://schema.org/FailedActionStatus" },
        };
        if (o.Error is { } error) action["error"] = error;
        graph.Add(action);

        graph.Insert(0, new JsonObject
        {
            ["@id"] = "./", ["@type"] = "Dataset", ["name"] = $"Run of {Path.GetFileName(run.Input)}",
            ["description"] = "A headless run of a notebook by `analysis run`: what ran, on what data, and what came out.",
            ["datePublished"] = o.End.ToString("O"), ["license"] = Ref("https://spdx.org/licenses/CC-BY-4.0"),
            ["conformsTo"] = Refs([Profile]), ["hasPart"] = Refs([input, output]), ["mentions"] = Refs(["#run"]),
        });
        graph.Insert(0, new JsonObject
        {
            ["@id"] = FileName, ["@type"] = "CreativeWork", ["conformsTo"] = Ref("https://w3id.org/ro/crate/1.1"), ["about"] = Ref("./"),
        });
        graph.Add(new JsonObject { ["@id"] = Profile, ["@type"] = "CreativeWork", ["name"] = "Process Run Crate", ["version"] = "0.6" });
        graph.Add(new JsonObject { ["@id"] = "https://spdx.org/licenses/CC-BY-4.0", ["@type"] = "CreativeWork", ["name"] = "CC BY 4.0" });

        var crate = new JsonObject { ["@context"] = "https://w3id.org/ro/crate/1.1/context", ["@graph"] = graph };
        var path = Path.Combine(folder, FileName);
        File.WriteAllText(path, crate.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return path;
    }

    private static void AddClaim(JsonObject entity, ClaimCheck check)
    {
        entity["description"] = check.Claim.Description ?? $"published claim {check.Claim.Name}";
        var props = new JsonArray
        {
            new JsonObject { ["@type"] = "PropertyValue", ["name"] = "published", ["value"] = Scalar(check.Claim.Published) },
            new JsonObject { ["@type"] = "PropertyValue", ["name"] = "observed", ["value"] = check.Recorded ? Scalar(check.Observed) : null },
            new JsonObject { ["@type"] = "PropertyValue", ["name"] = "pass", ["value"] = check.Pass },
        };
        if (check.Difference is { } d) props.Add(new JsonObject { ["@type"] = "PropertyValue", ["name"] = "difference", ["value"] = d });
        if (check.Reason is { } r) props.Add(new JsonObject { ["@type"] = "PropertyValue", ["name"] = "reason", ["value"] = r });
        entity["additionalProperty"] = props;
    }

    /// <summary>A value as a PropertyValue's value: numbers, text and booleans as they are, anything else as JSON text.</summary>
    private static JsonNode? Scalar(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v => v.DeepClone(),
        _ => JsonValue.Create(value.ToJsonString()),
    };
}

/// <summary>What the kernel process ran on: the runtime's version and every assembly it had loaded (with <c>#r nuget</c> ones).</summary>
/// <param name="Runtime">The .NET runtime version.</param>
/// <param name="Assemblies">(name, version) of each loaded assembly, by name.</param>
public sealed record KernelSoftware(string Runtime, IReadOnlyList<(string Name, string Version)> Assemblies)
{
    /// <summary>A C# expression the kernel evaluates to describe itself as JSON (writes to standard output).</summary>
    public const string Probe =
        "System.Console.Out.Write(System.Text.Json.JsonSerializer.Serialize(new { runtime = System.Environment.Version.ToString(), assemblies = " +
        "System.AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.GetName().Name is not null && !a.GetName().Name!.StartsWith(\"\\u211B\")" +
        " && !a.GetName().Name!.StartsWith(\"Submission#\")).Select(a => new[] { a.GetName().Name, " +
        "((System.Reflection.AssemblyInformationalVersionAttribute?)System.Attribute.GetCustomAttribute(a, typeof(System.Reflection.AssemblyInformationalVersionAttribute)))?.InformationalVersion?.Split('+')[0] ?? a.GetName().Version?.ToString() }).ToArray() }));";

    /// <summary>Reads what <see cref="Probe"/> printed; null when it is not that.</summary>
    public static KernelSoftware? Parse(string text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            var assemblies = node?["assemblies"]?.AsArray()
                .Select(a => (a![0]!.GetValue<string>(), a[1]?.GetValue<string>() ?? "unknown"))
                .DistinctBy(a => a.Item1).OrderBy(a => a.Item1, StringComparer.Ordinal).ToList();
            return node?["runtime"]?.GetValue<string>() is { } runtime && assemblies is not null ? new KernelSoftware(runtime, assemblies) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }
}
