using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using Analysis.Kernel.Display;
using Analysis.Kernel.Execution;
using Analysis.Kernel.Extensions;
using Analysis.Kernel.History;
using Analysis.Kernel.LanguageServices;
using Analysis.Kernel.Magics;
using Analysis.Kernel.Protocol;
using Analysis.Kernel.Transport;

namespace Analysis.Kernel;

/// <summary>
/// A C# Jupyter kernel (messaging protocol 5.3). Shell requests run one at a time on the
/// thread that calls <see cref="Run"/>; control requests (interrupt, shutdown) have their
/// own thread so they are served while a cell runs.
/// </summary>
public sealed partial class JupyterKernel : IKernelFrontEnd, IDisposable
{
    private readonly KernelTransport _transport;
    private readonly KernelOptions _options;
    private readonly ScriptSession _session;
    private readonly LanguageService _language;
    private readonly HistoryStore _history;
    private readonly OutputCapture _capture;
    private readonly BlockingCollection<JupyterMessage> _shellQueue = new();
    private readonly BlockingCollection<JupyterMessage> _controlQueue = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _pendingInput = new();
    private Thread? _shellThread;
    private volatile CellRun? _running;
    // The cell whose stream output is being published: set with _running, cleared only after
    // the final flush of the cell's output, so the per-cell output limit covers all of it.
    private volatile CellRun? _outputRun;
    private JupyterMessage? _lastParent;
    // Completed by the first execute_reply: the language services warm up after it, not beside it.
    private readonly TaskCompletionSource _firstReply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _executionCount;

    /// <summary>Binds the sockets described by <paramref name="connection"/>.</summary>
    public JupyterKernel(ConnectionInfo connection, KernelOptions? options = null)
    {
        var startup = CellTimings.Reported ? new CellTimings() : null;
        _options = options ?? new KernelOptions();
        _transport = new KernelTransport(connection);
        _transport.MessageReceived += OnMessage;
        startup?.Lap("transport");
        Globals = new KernelGlobals(this, _options.Formatters);
        _session = new ScriptSession(Globals, _options.MetadataResolver);
        startup?.Lap("session");
        // Roslyn's first compilation takes about a second: start it now, beside the extensions'
        // loading. References and imports the extensions add reach every cell all the same (each
        // cell compiles with the session's options as they are then), and the warm-up's last step
        // waits for them, so the first cell finds their symbols loaded.
        var extensionsLoaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var warmUp = _session.StartAsync(extensionsLoaded.Task);
        try
        {
            var extensions = _options.Extensions ?? KernelExtensionLoader.Discover();
            startup?.Lap("extension_discovery");
            LoadedExtensions = KernelExtensionLoader.Load(extensions, () => new KernelExtensionContext(_options.Formatters, _options.Magics, _session));
            startup?.Lap("extensions");
        }
        finally
        {
            extensionsLoaded.TrySetResult();
        }
        _language = new LanguageService(_session, _firstReply.Task);
        _history = new HistoryStore(_options.HistoryPath);
        _capture = new OutputCapture(PublishStream, _options.StreamFlushInterval, OutputWanted);
        startup?.Lap("services");
        if (startup is not null) ReportStartup(startup, warmUp);
    }

    /// <summary>Logs where start-up time went (with <see cref="CellTimings.Variable"/> set): before the kernel, each part, the warm-up.</summary>
    private void ReportStartup(CellTimings startup, Task warmUp)
    {
        var sinceProcessStart = (DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        var before = sinceProcessStart - startup.Steps.Sum(s => s.Milliseconds);
        KernelLog.Info($"start-up: {before:F0} ms before the kernel (runtime, command line), then {startup}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        warmUp.ContinueWith(_ => KernelLog.Info($"start-up: compiler warm-up done {clock.ElapsedMilliseconds} ms after the kernel was built"), TaskScheduler.Default);
        _language.WarmUp.ContinueWith(_ => KernelLog.Info($"start-up: language services warm-up done {clock.ElapsedMilliseconds} ms after the kernel was built"), TaskScheduler.Default);
    }

    /// <summary>The globals cells see (display, input, Formatters...).</summary>
    public KernelGlobals Globals { get; }

    /// <summary>The extensions loaded at start-up, and what each registered.</summary>
    public IReadOnlyList<LoadedExtension> LoadedExtensions { get; }

    /// <summary>The script session running the cells.</summary>
    public ScriptSession Session => _session;

    /// <summary>True when the last shutdown request asked for a restart.</summary>
    public bool RestartRequested { get; private set; }

    /// <summary>Serves requests until a <c>shutdown_request</c> arrives or <paramref name="cancellation"/> fires.</summary>
    public void Run(CancellationToken cancellation = default)
    {
        using var link = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _shutdown.Token);
        Console.SetOut(_capture.Out);
        Console.SetError(_capture.Error);
        Console.SetIn(new StdinReader((prompt, password) => RequestInput(prompt, password)));
        _shellThread = Thread.CurrentThread;
        var control = new Thread(() => Serve(_controlQueue, Channel.Control, link.Token)) { IsBackground = true, Name = "jupyter-control" };
        control.Start();
        _transport.Start();
        PublishStatus("starting", null);
        Serve(_shellQueue, Channel.Shell, link.Token);
        _capture.Flush();
    }

    private void OnMessage(Channel channel, JupyterMessage message)
    {
        switch (channel)
        {
            case Channel.Shell: _shellQueue.Add(message); break;
            case Channel.Control: _controlQueue.Add(message); break;
            case Channel.Stdin: OnStdin(message); break;
        }
    }

    private void Serve(BlockingCollection<JupyterMessage> queue, Channel channel, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            JupyterMessage request;
            try
            {
                request = queue.Take(stop);
            }
            catch (OperationCanceledException) { return; }
            PublishStatus("busy", request);
            try
            {
                Dispatch(channel, request);
            }
            catch (Exception e)
            {
                KernelLog.Warn(e is InvalidRequestException ? e.Message : $"{request.MessageType} failed: {e}");
                Reply(channel, request, request.MessageType.Replace("_request", "_reply"), new JsonObject
                {
                    ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray(),
                });
            }
            finally
            {
                PublishStatus("idle", request);
            }
        }
    }

    private void Dispatch(Channel channel, JupyterMessage request)
    {
        switch (request.MessageType)
        {
            case "execute_request": Execute(request); break;
            case "kernel_info_request": Reply(channel, request, "kernel_info_reply", KernelInfo()); break;
            case "complete_request": Complete(channel, request); break;
            case "inspect_request": Inspect(channel, request); break;
            case "is_complete_request": IsComplete(channel, request); break;
            case "history_request": HistoryReply(channel, request); break;
            case "comm_info_request": Reply(channel, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }); break;
            case "comm_open": RefuseComm(request); break;
            case "comm_msg" or "comm_close": break; // no comm targets are registered, so nothing listens
            case "interrupt_request": Interrupt(channel, request); break;
            case "shutdown_request": Shutdown(channel, request); break;
            default:
                KernelLog.Warn($"unknown message type '{request.MessageType}' on {channel}; ignored");
                break;
        }
    }

    private static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = MessageHeader.ProtocolVersion,
        ["implementation"] = "analysis-csharp",
        ["implementation_version"] = typeof(JupyterKernel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
        ["language_info"] = new JsonObject
        {
            ["name"] = "csharp",
            ["version"] = "14.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = $"C# (Analysis) kernel on .NET {Environment.Version}: Roslyn scripting, #!lsmagic lists magics.",
        ["debugger"] = false,
        ["help_links"] = new JsonArray
        {
            new JsonObject { ["text"] = "C# language reference", ["url"] = "https://learn.microsoft.com/dotnet/csharp/language-reference/" },
            new JsonObject { ["text"] = ".NET API browser", ["url"] = "https://learn.microsoft.com/dotnet/api/" },
        },
    };

    private void RefuseComm(JupyterMessage request)
    {
        // As ipykernel does for unknown targets: close the comm so the front end does not wait on it.
        var commId = RequestContent.String(request, "comm_id");
        Publish(request, "comm_close", new JsonObject { ["comm_id"] = commId, ["data"] = new JsonObject() });
    }

    private void Interrupt(Channel channel, JupyterMessage request)
    {
        _running?.Interrupt();
        Reply(channel, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
    }

    private void Shutdown(Channel channel, JupyterMessage request)
    {
        RestartRequested = RequestContent.Boolean(request, "restart", false);
        _running?.Interrupt();
        Reply(channel, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = RestartRequested });
        _shutdown.Cancel();
        _shellQueue.CompleteAdding();
    }

    // ---- sending ----

    private void Reply(Channel channel, JupyterMessage request, string type, JsonObject content) =>
        _transport.Send(channel, request.CreateChild(type, content));

    private void Publish(JupyterMessage? parent, string type, JsonObject content)
    {
        var message = parent is null
            ? new JupyterMessage { Header = MessageHeader.Create(type, Guid.NewGuid().ToString("N")), Content = content }
            : parent.CreateChild(type, content, identities: []);
        _transport.Send(Channel.IOPub, message);
    }

    private void PublishStatus(string state, JupyterMessage? parent) =>
        Publish(parent, "status", new JsonObject { ["execution_state"] = state });

    /// <summary>Releases the sockets.</summary>
    public void Dispose()
    {
        _capture.Dispose();
        _transport.Dispose();
        _shellQueue.Dispose();
        _controlQueue.Dispose();
        _shutdown.Dispose();
    }
}
