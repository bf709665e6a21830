using System.Diagnostics;
using System.Text.Json.Nodes;
using Analysis.Kernel.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace Analysis.Cli.Run;

/// <summary>The kernel process ended while we waited for it.</summary>
public sealed class KernelDiedException(string message) : Exception(message);

/// <summary>A cell ran past the run's <c>--timeout</c>.</summary>
public sealed class CellTimeoutException(string message) : Exception(message);

/// <summary>
/// The client side of the Jupyter protocol, for one caller thread: shell and control as DEALERs, IOPub as a SUB, every
/// message framed and signed by the kernel's own <see cref="WireCodec"/> (one implementation of the wire format for
/// both ends).
/// </summary>
public sealed class KernelClient : IDisposable
{
    private readonly DealerSocket _shell = new();
    private readonly DealerSocket _control = new();
    private readonly SubscriberSocket _iopub = new();
    private readonly WireCodec _codec;
    private readonly string _session = Guid.NewGuid().ToString("N");
    private readonly Func<bool> _alive;

    /// <summary>Connects to the kernel at <paramref name="connection"/>; <paramref name="alive"/> says whether its process still runs.</summary>
    public KernelClient(ConnectionInfo connection, Func<bool> alive)
    {
        _alive = alive;
        _codec = new WireCodec(new MessageSigner(connection.Key));
        foreach (var s in new NetMQSocket[] { _shell, _control, _iopub }) s.Options.Linger = TimeSpan.Zero;
        _shell.Connect(connection.Endpoint(connection.ShellPort));
        _control.Connect(connection.Endpoint(connection.ControlPort));
        _iopub.Connect(connection.Endpoint(connection.IOPubPort));
        _iopub.SubscribeToAnyTopic();
    }

    /// <summary>The reply to <c>kernel_info_request</c> (language, implementation and versions).</summary>
    public JsonObject? KernelInfo { get; private set; }

    /// <summary>
    /// Waits until the kernel answers <c>kernel_info_request</c> on shell and its IOPub messages reach us (a SUB socket
    /// misses what is published before it is connected, so without this the first cell's outputs could be lost).
    /// </summary>
    /// <exception cref="KernelDiedException">The kernel exited first.</exception>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    public void WaitUntilReady(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var iopubSeen = false;
        while (clock.Elapsed < timeout)
        {
            var request = Send(_shell, "kernel_info_request", new JsonObject());
            var resend = Stopwatch.StartNew();
            while (resend.Elapsed < TimeSpan.FromMilliseconds(500))
            {
                if (!_alive()) throw new KernelDiedException("the kernel exited while starting");
                if (Receive(_iopub, TimeSpan.FromMilliseconds(10)) is { } published && published.ParentHeader?.MessageId == request) iopubSeen = true;
                while (Receive(_shell, TimeSpan.Zero) is { } reply)
                    if (reply.MessageType == "kernel_info_reply") KernelInfo = reply.Content;
                if (iopubSeen && KernelInfo is not null)
                {
                    Drain(TimeSpan.FromMilliseconds(50));
                    return;
                }
            }
        }
        throw new TimeoutException($"the kernel did not answer within {timeout.TotalSeconds:0} s");
    }

    /// <summary>
    /// Runs <paramref name="code"/> and hands every IOPub message it causes (outputs, errors, display updates) to
    /// <paramref name="onOutput"/>, until the kernel is idle again and has replied.
    /// </summary>
    /// <returns>The <c>execute_reply</c> content.</returns>
    /// <exception cref="KernelDiedException">The kernel exited while the cell ran.</exception>
    /// <exception cref="CellTimeoutException">The cell ran longer than <paramref name="timeout"/>; it was interrupted.</exception>
    public JsonObject Execute(string code, Action<JupyterMessage> onOutput, TimeSpan? timeout)
    {
        var id = Send(_shell, "execute_request", new JsonObject
        {
            ["code"] = code, ["silent"] = false, ["store_history"] = true, ["user_expressions"] = new JsonObject(),
            ["allow_stdin"] = false, ["stop_on_error"] = true,
        });
        var clock = Stopwatch.StartNew();
        JsonObject? reply = null;
        var idle = false;
        while (reply is null || !idle)
        {
            if (Receive(_iopub, TimeSpan.FromMilliseconds(reply is null ? 20 : 200)) is { } message)
            {
                if (message.ParentHeader?.MessageId != id) continue;
                if (message.MessageType == "status") idle |= message.Content["execution_state"]?.GetValue<string>() == "idle";
                else onOutput(message);
                continue;
            }
            while (reply is null && Receive(_shell, TimeSpan.Zero) is { } answer)
                if (answer.MessageType == "execute_reply" && answer.ParentHeader?.MessageId == id) reply = answer.Content;
            if (!_alive()) throw new KernelDiedException("the kernel died while the cell ran");
            if (timeout is { } limit && reply is null && clock.Elapsed > limit)
            {
                Interrupt();
                throw new CellTimeoutException($"the cell ran longer than the timeout of {limit.TotalSeconds:0} s and was interrupted");
            }
        }
        return reply!;
    }

    /// <summary>Asks the kernel to interrupt the running cell (interrupt_mode "message").</summary>
    public void Interrupt()
    {
        Send(_control, "interrupt_request", new JsonObject());
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5) && _alive())
            if (Receive(_control, TimeSpan.FromMilliseconds(50)) is { MessageType: "interrupt_reply" }) break;
        Drain(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Asks the kernel to shut down and waits briefly for its reply.</summary>
    public void Shutdown()
    {
        Send(_control, "shutdown_request", new JsonObject { ["restart"] = false });
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3) && _alive())
            if (Receive(_control, TimeSpan.FromMilliseconds(50)) is { MessageType: "shutdown_reply" }) return;
    }

    private void Drain(TimeSpan quiet)
    {
        while (Receive(_iopub, quiet) is not null) { }
        while (Receive(_shell, TimeSpan.Zero) is not null) { }
    }

    private string Send(NetMQSocket socket, string type, JsonObject content)
    {
        var message = new JupyterMessage { Header = MessageHeader.Create(type, _session, "analysis-run"), Content = content };
        socket.SendMultipartBytes(_codec.Encode(message));
        return message.Header.MessageId;
    }

    private JupyterMessage? Receive(NetMQSocket socket, TimeSpan timeout)
    {
        var frames = new List<byte[]>();
        while (socket.TryReceiveMultipartBytes(timeout, ref frames))
        {
            try
            {
                return _codec.Decode(frames);
            }
            catch (WireFormatException)
            {
                frames = []; // not ours or garbled: a kernel we started signs with our key
            }
        }
        return null;
    }

    /// <summary>Closes the sockets.</summary>
    public void Dispose()
    {
        _shell.Dispose();
        _control.Dispose();
        _iopub.Dispose();
    }
}
