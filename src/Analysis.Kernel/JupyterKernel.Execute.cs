using System.Text.Json.Nodes;
using Analysis.Kernel.Display;
using Analysis.Kernel.Execution;
using Analysis.Kernel.Magics;
using Analysis.Kernel.Protocol;
using Analysis.Kernel.Transport;

namespace Analysis.Kernel;

public sealed partial class JupyterKernel
{
    /// <summary>The cell being executed: its request, what it may do, and how to stop it.</summary>
    private sealed class CellRun(JupyterMessage request, bool allowStdin) : IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new();
        private volatile bool _ended;
        public JupyterMessage Request => request;
        public bool AllowStdin => allowStdin;
        public CancellationToken Token => _cancellation.Token;
        public int StreamCharacters;
        public bool StreamTruncated;

        /// <summary>
        /// True once the kernel stopped waiting for an interrupted cell: code it left running
        /// (an await that outlived the interrupt) may still print or display, and that output
        /// is dropped rather than shown under whichever cell runs then.
        /// </summary>
        public bool Abandoned => _ended && _cancellation.IsCancellationRequested;

        /// <summary>True once the kernel has finished with the cell (its reply is being sent).</summary>
        public bool Ended => _ended;

        /// <summary>
        /// Only cancels: the kernel's wait for the cell observes the token, loops check it, and
        /// the script session wakes a cell blocked in Sleep/Wait/Join (see <see cref="InterruptWindow"/>).
        /// </summary>
        public void Interrupt()
        {
            try { _cancellation.Cancel(); }
            catch (ObjectDisposedException) { } // the cell ended meanwhile
        }

        public void End() => _ended = true;

        public void Dispose() => _cancellation.Dispose();
    }

    // The cell whose code is running on this thread or task: flows into everything the cell
    // awaits or starts, so output can be traced to its cell even after the cell was abandoned.
    private static readonly AsyncLocal<CellRun?> CurrentCell = new();

    private void Execute(JupyterMessage request)
    {
        var content = request.Content;
        string code = RequestContent.String(request, "code");
        bool silent = RequestContent.Boolean(request, "silent", false);
        bool storeHistory = !silent && RequestContent.Boolean(request, "store_history", true);
        bool allowStdin = RequestContent.Boolean(request, "allow_stdin", true);
        bool stopOnError = RequestContent.Boolean(request, "stop_on_error", true);
        if (content["user_expressions"] is { } expressions && expressions is not JsonObject)
            throw new InvalidRequestException("execute_request: content.user_expressions must be an object of name: expression");
        if (storeHistory) _executionCount++;
        int count = _executionCount;
        var timings = new CellTimings();

        _lastParent = request;
        using var run = new CellRun(request, allowStdin);
        // Interruptible before execute_input goes out: a front end that interrupts as soon as it
        // sees the cell start must not find nothing running.
        _running = run;
        _outputRun = run;
        if (!silent) Publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });
        CurrentCell.Value = run;
        CellOutcome outcome;
        try
        {
            outcome = RunCell(code, count, run.Token, timings);
        }
        finally
        {
            CurrentCell.Value = null;
            // From here on, output from an interrupted cell's leftover code is dropped.
            run.End();
            _running = null;
        }
        // The last flush still counts against this cell's output limit: a fast cell's
        // output is often sent only here.
        _capture.Flush();
        _outputRun = null;
        timings.Lap("flush_output");

        string? resultText = null;
        if (outcome.Succeeded && outcome.Value is not null && outcome.Value is not DisplayHandle && !silent)
        {
            var bundle = _options.Formatters.Format(outcome.Value).Truncate(_options.MaxOutputCharacters);
            resultText = bundle.PlainText;
            Publish(request, "execute_result", new JsonObject
            {
                ["execution_count"] = count, ["data"] = bundle.ToJson(), ["metadata"] = bundle.Metadata.DeepClone(),
            });
        }
        timings.Lap("format");
        if (storeHistory) _history.Add(count, code, resultText);
        timings.Lap("history");

        var error = outcome switch
        {
            { Interrupted: true } => CellError.Interrupted,
            { CompileErrors.Count: > 0 } => CellError.FromCompileErrors(outcome.CompileErrors),
            { Exception: { } e } => CellError.FromException(e, _session.CellOf),
            _ => null,
        };
        if (error is null)
        {
            var expressionResults = EvaluateUserExpressions(content["user_expressions"] as JsonObject);
            timings.Lap("user_expressions");
            ReplyExecute(request, new JsonObject
            {
                ["status"] = "ok", ["execution_count"] = count, ["payload"] = new JsonArray(),
                ["user_expressions"] = expressionResults,
            }, timings);
            return;
        }
        var traceback = new JsonArray(error.Traceback.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        if (!silent)
            Publish(request, "error", new JsonObject { ["ename"] = error.Name, ["evalue"] = error.Value, ["traceback"] = traceback.DeepClone() });
        timings.Lap("error_output");
        ReplyExecute(request, new JsonObject
        {
            ["status"] = "error", ["execution_count"] = count, ["ename"] = error.Name, ["evalue"] = error.Value, ["traceback"] = traceback,
        }, timings);
        if (stopOnError) AbortQueuedExecutions();
    }

    /// <summary>
    /// Sends the execute_reply; with <see cref="CellTimings.Variable"/> set, its metadata carries the cell's step
    /// timings (<c>analysis_timings_ms</c>), and with ANALYSIS_KERNEL_DEBUG too, stderr a line with them and the reply's own time.
    /// </summary>
    private void ReplyExecute(JupyterMessage request, JsonObject content, CellTimings timings)
    {
        var reply = request.CreateChild("execute_reply", content);
        if (CellTimings.Reported) reply.Metadata["analysis_timings_ms"] = timings.ToJson();
        _transport.Send(Channel.Shell, reply);
        _firstReply.TrySetResult();
        timings.Lap("reply");
        if (CellTimings.Reported) KernelLog.Debug($"cell {content["execution_count"]}: {timings}");
    }

    private CellOutcome RunCell(string cell, int count, CancellationToken token, CellTimings timings)
    {
        var parsed = MagicRegistry.Parse(cell);
        timings.Lap("magics");
        CellOutcome outcome = new();
        Func<Task> run = async () =>
        {
            if (!string.IsNullOrWhiteSpace(parsed.Code)) outcome = await _session.RunAsync(parsed.Code, count, token, timings);
        };
        for (int i = parsed.Magics.Count - 1; i >= 0; i--)
        {
            var line = parsed.Magics[i];
            if (!_options.Magics.TryGet(line.Name, out var magic))
                return new CellOutcome { Exception = new InvalidOperationException($"Unknown magic '#!{line.Name}' on line {line.LineNumber}. #!lsmagic lists the magics.") };
            var next = run;
            run = () => magic.RunAsync(new MagicContext(_session, Console.Out, _options.Magics), line.Arguments, next);
        }
        try
        {
            // The cell runs on this thread until it first awaits; the wait then observes the
            // token, so an interrupt ends it even if what it awaits never looks at the token
            // (the cell is abandoned, and ScriptSession keeps nothing it does later).
            var task = run();
            task.Wait(token);
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new CellOutcome { Interrupted = true };
        }
        catch (Exception e)
        {
            var thrown = e is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerException! : e;
            return token.IsCancellationRequested ? new CellOutcome { Interrupted = true } : new CellOutcome { Exception = thrown };
        }
        return outcome;
    }

    private JsonObject EvaluateUserExpressions(JsonObject? expressions)
    {
        var results = new JsonObject();
        if (expressions is null) return results;
        foreach (var (name, node) in expressions)
        {
            try
            {
                var expression = node is JsonValue v && v.TryGetValue(out string? text) ? text
                    : throw new InvalidRequestException($"user expression '{name}' must be a string");
                var value = _session.EvaluateAsync(expression).GetAwaiter().GetResult();
                var bundle = _options.Formatters.Format(value).Truncate(_options.MaxOutputCharacters);
                results[name] = new JsonObject { ["status"] = "ok", ["data"] = bundle.ToJson(), ["metadata"] = new JsonObject() };
            }
            catch (Exception e)
            {
                results[name] = new JsonObject
                {
                    ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray(),
                };
            }
        }
        return results;
    }

    /// <summary>After a failing cell, requests already queued behind it are answered "aborted", as ipykernel does.</summary>
    private void AbortQueuedExecutions()
    {
        var keep = new List<JupyterMessage>();
        while (_shellQueue.TryTake(out var queued))
        {
            if (queued.MessageType != "execute_request") { keep.Add(queued); continue; }
            PublishStatus("busy", queued);
            Reply(Channel.Shell, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = _executionCount });
            PublishStatus("idle", queued);
        }
        foreach (var m in keep) _shellQueue.Add(m);
    }

    // ---- output from cells ----

    /// <summary>Whether output written now, on this thread, belongs on screen (false for abandoned cells).</summary>
    private static bool OutputWanted() => CurrentCell.Value is not { Abandoned: true };

    private void PublishStream(string name, string text)
    {
        var run = _outputRun;
        if (run is not null)
        {
            if (run.StreamTruncated) return;
            run.StreamCharacters += text.Length;
            if (run.StreamCharacters > _options.MaxOutputCharacters)
            {
                run.StreamTruncated = true;
                int keep = Math.Max(0, text.Length - (run.StreamCharacters - _options.MaxOutputCharacters));
                text = text[..keep] + $"\n[output truncated: this cell wrote more than {_options.MaxOutputCharacters:N0} characters; the rest is not shown]\n";
            }
        }
        Publish(run?.Request ?? _lastParent, "stream", new JsonObject { ["name"] = name, ["text"] = text });
    }

    /// <inheritdoc/>
    public void Display(MimeBundle bundle, string? displayId, bool update)
    {
        if (!OutputWanted()) return;
        _capture.Flush();
        bundle.Truncate(_options.MaxOutputCharacters);
        var content = new JsonObject { ["data"] = bundle.ToJson(), ["metadata"] = bundle.Metadata.DeepClone(), ["transient"] = new JsonObject() };
        if (displayId is not null) content["transient"]!["display_id"] = displayId;
        Publish(_running?.Request ?? _lastParent, update ? "update_display_data" : "display_data", content);
    }

    /// <inheritdoc/>
    public void ClearOutput(bool wait)
    {
        if (!OutputWanted()) return;
        _capture.Flush();
        Publish(_running?.Request ?? _lastParent, "clear_output", new JsonObject { ["wait"] = wait });
    }

    /// <inheritdoc/>
    public string RequestInput(string prompt, bool password)
    {
        // The asking cell's own run: an abandoned cell must not ask in the name of the cell running now.
        // Code that outlived its cell (a task it left running) may not ask at all.
        var run = CurrentCell.Value ?? _running;
        if (run is null || run.Ended) throw new InvalidOperationException("Input can only be requested while a cell runs.");
        if (!run.AllowStdin)
            throw new InvalidOperationException("This front end does not accept input (the request had allow_stdin: false). Pass the value in code instead.");
        _capture.Flush();
        var request = new JupyterMessage
        {
            Identities = run.Request.Identities,
            Header = MessageHeader.Create("input_request", run.Request.Header.Session),
            ParentHeader = run.Request.Header,
            Content = new JsonObject { ["prompt"] = prompt, ["password"] = password },
        };
        var answer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingInput[run.Request.Header.MessageId] = answer;
        try
        {
            _transport.Send(Channel.Stdin, request);
            answer.Task.Wait(run.Token);
            return answer.Task.Result;
        }
        finally
        {
            _pendingInput.TryRemove(run.Request.Header.MessageId, out _);
        }
    }

    private void OnStdin(JupyterMessage message)
    {
        if (message.MessageType != "input_reply")
        {
            KernelLog.Warn($"unexpected '{message.MessageType}' on stdin; ignored");
            return;
        }
        var key = message.ParentHeader?.MessageId;
        // Front ends set the input_reply's parent to our input_request, not the execute_request,
        // so fall back to the one outstanding request.
        var pending = key is not null && _pendingInput.TryGetValue(key, out var byId) ? byId : _pendingInput.Values.FirstOrDefault();
        if (pending is null)
        {
            KernelLog.Warn("input_reply with no pending input_request; ignored");
            return;
        }
        pending.TrySetResult(message.Content["value"] is JsonValue v && v.TryGetValue(out string? text) ? text : "");
    }
}
