using System.CommandLine;
using Analysis.Node.Configuration;
using Analysis.Node.Http;
using Analysis.Node.Ingest;

namespace Analysis.Cli;

/// <summary><c>analysis node serve</c>: ingest a site folder and serve its disclosure-controlled API.</summary>
internal static class NodeCommand
{
    /// <summary>The config file looked for in the data folder when <c>--config</c> is not given.</summary>
    private const string DefaultConfigName = "node.json";

    /// <summary>Builds the <c>node</c> command.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The site folder: FHIR NDJSON files and mutations.maf; the database and audit log go here.", Required = true };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 5080 };
        var config = new Option<FileInfo?>("--config") { Description = $"Tokens and disclosure policy (default: DATA/{DefaultConfigName})." };
        var serve = new Command("serve", "Ingest new or changed files, then serve the API until Ctrl+C.") { data, port, config };
        serve.SetAction(async (parse, cancellation) =>
        {
            var folder = parse.GetValue(data)!;
            if (!folder.Exists)
            {
                Console.Error.WriteLine($"error: data folder '{folder.FullName}' does not exist");
                return 2;
            }
            NodeConfig settings;
            try
            {
                settings = LoadConfig(parse.GetValue(config), folder);
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            // Image features are computed only when the site's policy allows that processing.
            var report = new SiteIngestor(folder.FullName) { ImagingFeatures = settings.Processing.Contains(Analysis.Contracts.ImagingOperations.Features) }.Ingest();
            foreach (var (file, rows) in report.Ingested) Console.WriteLine($"ingested {file}: {rows} rows");
            if (report.Unchanged.Count > 0) Console.WriteLine($"unchanged: {string.Join(", ", report.Unchanged)}");
            if (report.Imaging.Files > 0 || report.Imaging.Skipped.Count > 0) Console.WriteLine(report.Imaging);
            foreach (var line in report.Imaging.Skipped) Console.Error.WriteLine($"imaging: skipped {line}");
            foreach (var line in report.Imaging.UnknownPatients) Console.Error.WriteLine($"imaging: unknown patient: {line}");
            foreach (var line in report.Imaging.Warnings) Console.Error.WriteLine($"imaging: {line}");
            // A refused file keeps its earlier rows, so the node can still serve; the operator must see why, though.
            foreach (var error in report.Errors) Console.Error.WriteLine($"error: {error.Message}");

            await using var server = await NodeServer.StartAsync(folder.FullName, settings, parse.GetValue(port), cancellation);
            Console.WriteLine($"serving {folder.FullName} on {server.Address} (Ctrl+C stops)");
            await server.RunUntilCancelledAsync(cancellation);
            return report.Succeeded ? 0 : 1;
        });

        var node = new Command("node", "Run a data-site node.");
        node.Subcommands.Add(serve);
        return node;
    }

    private static NodeConfig LoadConfig(FileInfo? explicitPath, DirectoryInfo folder)
    {
        if (explicitPath is not null)
            return explicitPath.Exists ? NodeConfig.Load(explicitPath.FullName) : throw new InvalidDataException($"config file '{explicitPath.FullName}' does not exist");
        var inFolder = Path.Combine(folder.FullName, DefaultConfigName);
        if (File.Exists(inFolder)) return NodeConfig.Load(inFolder);
        Console.Error.WriteLine($"warning: no {DefaultConfigName}; no token is accepted, so every request gets 401");
        return new NodeConfig();
    }
}
