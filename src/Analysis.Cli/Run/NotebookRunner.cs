using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Analysis.Kernel;
using Analysis.Kernel.Protocol;

namespace Analysis.Cli.Run;

/// <summary>How to run a notebook.</summary>
/// <param name="Kernel">The kernelspec to start (the notebook's when null).</param>
/// <param name="WorkingDirectory">The kernel's working directory.</param>
/// <param name="CellTimeout">The longest one cell may run; null for no limit.</param>
/// <param name="AllowErrors">Run on after a failing cell (the run still counts as failed).</param>
/// <param name="Environment">Variables added to the kernel's environment (e.g. ANALYSIS_FEDERATION).</param>
/// <param name="Progress">Where progress goes (standard error), or null for none.</param>
public sealed record RunOptions(string? Kernel, string WorkingDirectory, TimeSpan? CellTimeout, bool AllowErrors,
    IReadOnlyDictionary<string, string> Environment, TextWriter? Progress);

/// <summary>What happened in a run.</summary>
public sealed class RunOutcome
{
    /// <summary>When the run started and ended (UTC).</summary>
    public DateTimeOffset Start { get; set; }

    /// <summary>When the run ended (UTC).</summary>
    public DateTimeOffset End { get; set; }

    /// <summary>The kernelspec that ran it.</summary>
    public string Kernel { get; set; } = "";

    /// <summary>The kernel's <c>kernel_info_reply</c>, when it answered.</summary>
    public JsonObject? KernelInfo { get; set; }

    /// <summary>The 1-based index of the cell that failed, if one did.</summary>
    public int? FailedCell { get; set; }

    /// <summary>Why the run failed, in one line; null when it succeeded.</summary>
    public string? Error { get; set; }

    /// <summary>True when every cell ran without error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Named results the notebook recorded, in order (a later record of a name replaces the earlier).</summary>
    public Dictionary<string, JsonNode?> Results { get; } = new(StringComparer.Ordinal);

    /// <summary>The kernel's runtime and loaded assemblies, when it could say (a C# kernel still running at the end).</summary>
    public KernelSoftware? Software { get; set; }

    /// <summary>Random seeds the libraries reported, as (source, seed).</summary>
    public List<(string Source, long Seed)> Seeds { get; } = [];
}

/// <summary>
/// Runs every code cell of a notebook in a kernel over the Jupyter protocol and writes what happened into the notebook as
/// papermill does: outputs, execution counts, per-cell <c>metadata.papermill</c> (start, end, duration, status,
/// exception), run-wide <c>metadata.papermill</c>, and an error cell at the top pointing to the failing cell.
/// </summary>
public static class NotebookRunner
{
    /// <summary>The tag of the error cells a failed run adds (papermill's name, so tools that know it find them).</summary>
    public const string ErrorCellTag = "papermill-error-cell-tag";

    /// <summary>Runs <paramref name="notebook"/> in place.</summary>
    /// <exception cref="KernelStartException">The kernel cannot be found or started (nothing ran).</exception>
    public static RunOutcome Execute(Notebook notebook, RunOptions options)
    {
        var outcome = new RunOutcome { Start = DateTimeOffset.UtcNow };
        Reset(notebook);
        var kernelName = options.Kernel ?? notebook.KernelName
            ?? throw new KernelStartException($"{notebook.Path}: the notebook names no kernel (metadata.kernelspec.name); pass --kernel");
        outcome.Kernel = kernelName;
        var code = notebook.Cells.Select((c, i) => (Cell: c!.AsObject(), Index: i)).Where(c => c.Cell["cell_type"]?.GetValue<string>() == "code").ToList();
        var clock = Stopwatch.StartNew();
        using var kernel = KernelProcess.Start(kernelName, options.WorkingDirectory, options.Environment);
        using var client = new KernelClient(kernel.Connection, () => !kernel.HasExited);
        var terminal = options.Progress is not null && options.Progress == Console.Error && !Console.IsErrorRedirected;
        try
        {
            client.WaitUntilReady(TimeSpan.FromSeconds(120));
            outcome.KernelInfo = client.KernelInfo;
            var done = 0;
            var displays = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
            foreach (var (cell, index) in code)
            {
                var meta = (JsonObject)Notebook.CellMetadata(cell)["papermill"]!;
                var started = DateTimeOffset.UtcNow;
                meta["start_time"] = Iso(started);
                meta["status"] = "running";
                Progress(options.Progress, terminal, $"[{done}/{code.Count}] cell {index + 1} running, {clock.Elapsed.TotalSeconds:0.0} s elapsed");
                var outputs = new Outputs((JsonArray)cell["outputs"]!, outcome, displays);
                JsonObject reply;
                try
                {
                    reply = client.Execute(Notebook.Source(cell), outputs.Add, options.CellTimeout);
                }
                catch (Exception e) when (e is KernelDiedException or CellTimeoutException)
                {
                    var detail = e is KernelDiedException && kernel.ExitCode is { } exit ? $"{e.Message} (exit code {exit})" : e.Message;
                    outputs.Add(ErrorOutput(e is KernelDiedException ? "DeadKernelError" : "CellTimeoutError", detail));
                    Finish(meta, started, "failed");
                    outcome.FailedCell = index + 1;
                    outcome.Error = $"cell {index + 1}: {detail}";
                    break;
                }
                if (reply["execution_count"] is JsonValue count) cell["execution_count"] = count.DeepClone();
                var failed = reply["status"]?.GetValue<string>() != "ok";
                Finish(meta, started, failed ? "failed" : "completed");
                done++;
                if (failed)
                {
                    outcome.FailedCell ??= index + 1;
                    outcome.Error ??= $"cell {index + 1}: {reply["ename"]?.GetValue<string>()}: {reply["evalue"]?.GetValue<string>()}";
                    if (!options.AllowErrors) break;
                }
                Progress(options.Progress, terminal, $"[{done}/{code.Count}] cell {index + 1} {(failed ? "failed" : "done")} in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s, {clock.Elapsed.TotalSeconds:0.0} s elapsed");
            }
            // What the kernel ran on, asked after the notebook so #r nuget packages are among the loaded assemblies.
            if (!kernel.HasExited && outcome.KernelInfo?["language_info"]?["name"]?.GetValue<string>() == "csharp")
            {
                var printed = new System.Text.StringBuilder();
                try
                {
                    client.Execute(KernelSoftware.Probe, m => { if (m.MessageType == "stream") printed.Append(m.Content["text"]?.GetValue<string>()); }, TimeSpan.FromSeconds(60));
                    outcome.Software = KernelSoftware.Parse(printed.ToString());
                }
                catch (Exception e) when (e is KernelDiedException or CellTimeoutException)
                {
                }
            }
            if (!kernel.HasExited) client.Shutdown();
        }
        catch (KernelDiedException e)
        {
            outcome.Error ??= $"{e.Message}: {kernel.ErrorTail.Trim()}";
        }
        catch (TimeoutException e)
        {
            outcome.Error ??= $"kernel '{kernelName}' did not start: {e.Message}";
        }
        if (terminal) options.Progress!.WriteLine();
        outcome.End = DateTimeOffset.UtcNow;
        if (outcome.FailedCell is { } failedAt) AddErrorCells(notebook, failedAt - 1, outcome);
        var papermill = (JsonObject)notebook.Metadata["papermill"]!;
        papermill["start_time"] = Iso(outcome.Start);
        papermill["end_time"] = Iso(outcome.End);
        papermill["duration"] = (outcome.End - outcome.Start).TotalSeconds;
        papermill["exception"] = !outcome.Succeeded;
        return outcome;
    }

    /// <summary>Clears outputs and earlier papermill error cells and sets every code cell pending.</summary>
    private static void Reset(Notebook notebook)
    {
        for (var i = notebook.Cells.Count - 1; i >= 0; i--)
            if (Notebook.Tags(notebook.Cells[i]!.AsObject()).Contains(ErrorCellTag)) notebook.Cells.RemoveAt(i);
        foreach (var cell in notebook.Cells.Select(c => c!.AsObject()))
        {
            if (cell["cell_type"]?.GetValue<string>() != "code") continue;
            cell["outputs"] = new JsonArray();
            cell["execution_count"] = null;
            Notebook.CellMetadata(cell)["papermill"] = new JsonObject
            {
                ["exception"] = false, ["start_time"] = null, ["end_time"] = null, ["duration"] = null, ["status"] = "pending",
            };
        }
        var papermill = notebook.Metadata["papermill"] as JsonObject ?? (JsonObject)(notebook.Metadata["papermill"] = new JsonObject());
        papermill["parameters"] ??= new JsonObject();
        papermill["environment_variables"] = new JsonObject();
        papermill["version"] = "analysis " + Version;
    }

    /// <summary>This program's version.</summary>
    public static string Version { get; } =
        (typeof(NotebookRunner).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    private static void Finish(JsonObject meta, DateTimeOffset started, string status)
    {
        var ended = DateTimeOffset.UtcNow;
        meta["end_time"] = Iso(ended);
        meta["duration"] = (ended - started).TotalSeconds;
        meta["status"] = status;
        meta["exception"] = status == "failed";
    }

    private static JsonObject ErrorOutput(string name, string value) => new()
    {
        ["output_type"] = "error", ["ename"] = name, ["evalue"] = value, ["traceback"] = new JsonArray($"{name}: {value}"),
    };

    /// <summary>papermill's two markdown cells: a red banner at the top linking to an anchor just above the failing cell.</summary>
    private static void AddErrorCells(Notebook notebook, int failedIndex, RunOutcome outcome)
    {
        var failing = notebook.Cells[failedIndex]!.AsObject();
        var count = failing["execution_count"]?.ToString() ?? " ";
        var anchor = notebook.NewCell("markdown",
            "<span id=\"papermill-error-cell\" style=\"color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;\">Execution using analysis run encountered an exception here and stopped:</span>",
            ErrorCellTag);
        notebook.Cells.Insert(failedIndex, anchor);
        var banner = notebook.NewCell("markdown",
            $"<span style=\"color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;\">An Exception was encountered at '<a href=\"#papermill-error-cell\">In [{count}]</a>'.</span>\n\n" +
            $"{System.Net.WebUtility.HtmlEncode(outcome.Error ?? "")}",
            ErrorCellTag);
        notebook.Cells.Insert(0, banner);
    }

    private static void Progress(TextWriter? writer, bool terminal, string line)
    {
        if (writer is null) return;
        if (terminal) writer.Write("\r\u001b[2K" + line);
        else writer.WriteLine(line);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    /// <summary>Turns IOPub messages into a cell's nbformat outputs, as nbclient does.</summary>
    /// <remarks>Display ids are notebook-wide (an update may change an output of an earlier cell), so
    /// <paramref name="displays"/> is shared by every cell of a run.</remarks>
    private sealed class Outputs(JsonArray outputs, RunOutcome outcome, Dictionary<string, List<JsonObject>> displays)
    {
        private bool _clearPending;

        public void Add(JupyterMessage message)
        {
            var c = message.Content;
            switch (message.MessageType)
            {
                case "stream":
                    Clear();
                    var name = c["name"]?.GetValue<string>() ?? "stdout";
                    var text = c["text"]?.GetValue<string>() ?? "";
                    if (outputs.Count > 0 && outputs[^1] is JsonObject last && last["output_type"]?.GetValue<string>() == "stream" && last["name"]?.GetValue<string>() == name)
                        last["text"] = last["text"]!.GetValue<string>() + text;
                    else outputs.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
                    break;
                case "display_data" or "execute_result":
                    Clear();
                    var output = new JsonObject { ["output_type"] = message.MessageType };
                    if (message.MessageType == "execute_result") output["execution_count"] = c["execution_count"]?.DeepClone();
                    output["data"] = c["data"]?.DeepClone() ?? new JsonObject();
                    output["metadata"] = c["metadata"]?.DeepClone() ?? new JsonObject();
                    Collect((JsonObject)output["data"]!);
                    outputs.Add(output);
                    if ((c["transient"] as JsonObject)?["display_id"]?.GetValue<string>() is { } id)
                    {
                        if (!displays.TryGetValue(id, out var shown)) displays[id] = shown = [];
                        shown.Add(output);
                    }
                    break;
                case "update_display_data":
                    if ((c["transient"] as JsonObject)?["display_id"]?.GetValue<string>() is { } updated && displays.TryGetValue(updated, out var targets))
                        foreach (var target in targets)
                        {
                            target["data"] = c["data"]?.DeepClone() ?? new JsonObject();
                            target["metadata"] = c["metadata"]?.DeepClone() ?? new JsonObject();
                        }
                    break;
                case "error":
                    Clear();
                    Add(new JsonObject
                    {
                        ["output_type"] = "error", ["ename"] = c["ename"]?.DeepClone(), ["evalue"] = c["evalue"]?.DeepClone(),
                        ["traceback"] = c["traceback"]?.DeepClone() ?? new JsonArray(),
                    });
                    break;
                case "clear_output":
                    if (c["wait"]?.GetValue<bool>() == true) _clearPending = true;
                    else outputs.Clear();
                    break;
            }
        }

        public void Add(JsonObject output)
        {
            Clear();
            outputs.Add(output);
        }

        private void Clear()
        {
            if (!_clearPending) return;
            outputs.Clear();
            _clearPending = false;
        }

        /// <summary>Keeps recorded results and seeds as they arrive.</summary>
        private void Collect(JsonObject data)
        {
            if (data[ResultRecorder.MimeType] is JsonObject result && result["name"]?.GetValue<string>() is { } name)
                outcome.Results[name] = result["value"]?.DeepClone();
            if (data[ResultRecorder.SeedMimeType] is JsonObject seed && seed["source"]?.GetValue<string>() is { } source && seed["seed"] is JsonValue value)
                outcome.Seeds.Add((source, value.GetValue<long>()));
        }
    }
}
