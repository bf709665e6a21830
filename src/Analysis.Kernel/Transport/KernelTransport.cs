using System.Collections.Concurrent;
using System.Text;
using Analysis.Kernel.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace Analysis.Kernel.Transport;

/// <summary>
/// Owns the ZeroMQ sockets. NetMQ sockets are not thread-safe, so one poller thread does
/// all socket I/O: it receives, decodes and hands messages to the handlers, and sends
/// whatever other threads queued. The heartbeat has its own thread so it answers even if
/// the poller is held up.
/// <para>
/// <see cref="Send"/> takes no lock and never waits, because it is called from cell code
/// that an interrupt may hit with <see cref="Thread.Interrupt"/>: a thread interrupted
/// inside NetMQ's own locks (<c>NetMQQueue.Enqueue</c>, a mailbox) can lose the wake-up of
/// the poller, after which no reply ever leaves the kernel. So messages go into a lock-free
/// queue, and a thread-pool work item (never interrupted) moves them into the poller's queue.
/// </para>
/// </summary>
public sealed class KernelTransport : IDisposable
{
    private readonly ConnectionInfo _connection;
    private readonly WireCodec _codec;
    private readonly RouterSocket _shell = new();
    private readonly RouterSocket _control = new();
    private readonly RouterSocket _stdin = new();
    private readonly PublisherSocket _iopub = new();
    private readonly NetMQQueue<(Channel Channel, List<byte[]> Frames)> _outgoing = new();
    // Filled by Send from any thread; emptied in order into _outgoing by one relay at a time.
    private readonly ConcurrentQueue<(Channel Channel, List<byte[]> Frames)> _outbox = new();
    private readonly Lock _relayGate = new();
    private int _relayScheduled;
    private readonly NetMQPoller _poller;
    private readonly Thread _heartbeatThread;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _topicPrefix;
    private Thread? _pollerThread;

    /// <summary>Called on the poller thread for each verified message, with its channel.</summary>
    public event Action<Channel, JupyterMessage>? MessageReceived;

    /// <summary>Counts messages dropped because they failed to decode or verify.</summary>
    public int DroppedMessages => _dropped;
    private int _dropped;

    /// <summary>Binds all five channels as the connection file says.</summary>
    public KernelTransport(ConnectionInfo connection)
    {
        _connection = connection;
        _codec = new WireCodec(new MessageSigner(connection.Key));
        _topicPrefix = $"kernel.{Guid.NewGuid():N}.";
        // Without linger 0, disposing waits for unsent messages to peers that may be gone.
        foreach (var s in new NetMQSocket[] { _shell, _control, _stdin, _iopub }) s.Options.Linger = TimeSpan.Zero;
        _shell.Bind(connection.Endpoint(connection.ShellPort));
        _control.Bind(connection.Endpoint(connection.ControlPort));
        _stdin.Bind(connection.Endpoint(connection.StdinPort));
        _iopub.Bind(connection.Endpoint(connection.IOPubPort));

        _shell.ReceiveReady += (_, e) => Receive(Channel.Shell, e.Socket);
        _control.ReceiveReady += (_, e) => Receive(Channel.Control, e.Socket);
        _stdin.ReceiveReady += (_, e) => Receive(Channel.Stdin, e.Socket);
        _outgoing.ReceiveReady += (_, e) => SendQueued(e.Queue);
        _poller = new NetMQPoller { _shell, _control, _stdin, _outgoing };

        var heartbeat = new ResponseSocket();
        heartbeat.Options.Linger = TimeSpan.Zero;
        heartbeat.Bind(connection.Endpoint(connection.HeartbeatPort));
        _heartbeatThread = new Thread(() => Heartbeat(heartbeat)) { IsBackground = true, Name = "jupyter-heartbeat" };
    }

    /// <summary>The codec, exposed so tests and tools can frame messages the same way.</summary>
    public WireCodec Codec => _codec;

    /// <summary>Starts the poller and heartbeat threads.</summary>
    public void Start()
    {
        _heartbeatThread.Start();
        _pollerThread = new Thread(_poller.Run) { IsBackground = true, Name = "jupyter-poller" };
        _pollerThread.Start();
    }

    /// <summary>
    /// Queues a message for sending; safe from any thread, and safe to interrupt: it takes no
    /// lock and never waits, so a <see cref="ThreadInterruptedException"/> cannot arise in it.
    /// </summary>
    public void Send(Channel channel, JupyterMessage message)
    {
        if (channel == Channel.IOPub)
        {
            message = message with { Identities = [Encoding.UTF8.GetBytes(_topicPrefix + message.MessageType)] };
        }
        _outbox.Enqueue((channel, _codec.Encode(message)));
        // One relay pending at a time; queuing a work item is lock-free.
        if (Interlocked.Exchange(ref _relayScheduled, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.Relay(), this, preferLocal: false);
    }

    private void Relay()
    {
        // The gate keeps two relays from interleaving (which would reorder messages); relays
        // run on pool threads, which no interrupt targets, so waiting here is safe.
        lock (_relayGate)
        {
            // Cleared before draining: a message queued after this point schedules a new relay.
            Volatile.Write(ref _relayScheduled, 0);
            while (_outbox.TryDequeue(out var item))
            {
                try
                {
                    _outgoing.Enqueue(item);
                }
                catch (Exception e) when (e is ObjectDisposedException or NetMQException)
                {
                    return; // disposed: the kernel is shutting down
                }
            }
        }
    }

    private void SendQueued(NetMQQueue<(Channel Channel, List<byte[]> Frames)> queue)
    {
        while (queue.TryDequeue(out var item, TimeSpan.Zero))
        {
            NetMQSocket socket = item.Channel switch
            {
                Channel.Shell => _shell,
                Channel.Control => _control,
                Channel.Stdin => _stdin,
                _ => _iopub,
            };
            try
            {
                // A ROUTER drops messages for peers that left; a timeout keeps a stuck peer from blocking us.
                if (!socket.TrySendMultipartBytes(TimeSpan.FromSeconds(1), item.Frames))
                    KernelLog.Warn($"could not send a message on {item.Channel} within 1 s; dropped");
            }
            catch (NetMQException e)
            {
                KernelLog.Warn($"send on {item.Channel} failed: {e.Message}");
            }
        }
    }

    private void Receive(Channel channel, NetMQSocket socket)
    {
        var frames = new List<byte[]>();
        while (socket.TryReceiveMultipartBytes(ref frames))
        {
            JupyterMessage message;
            try
            {
                message = _codec.Decode(frames);
            }
            catch (WireFormatException e)
            {
                Interlocked.Increment(ref _dropped);
                KernelLog.Warn($"dropped a message on {channel}: {e.Message}");
                frames = new List<byte[]>();
                continue;
            }
            frames = new List<byte[]>();
            try
            {
                MessageReceived?.Invoke(channel, message);
            }
            catch (Exception e)
            {
                KernelLog.Warn($"handler for {message.MessageType} on {channel} failed: {e}");
            }
        }
    }

    private void Heartbeat(ResponseSocket socket)
    {
        using (socket)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    if (socket.TryReceiveFrameBytes(TimeSpan.FromMilliseconds(200), out var ping, out bool more))
                    {
                        // REP must answer every request, multipart included, with the same frames.
                        var frames = new List<byte[]> { ping };
                        while (more) frames.Add(socket.ReceiveFrameBytes(out more));
                        socket.SendMultipartBytes(frames);
                    }
                }
                catch (Exception e) when (e is NetMQException or ObjectDisposedException)
                {
                    if (!_stop.IsCancellationRequested) KernelLog.Warn($"heartbeat: {e.Message}");
                }
            }
        }
    }

    /// <summary>Waits briefly for queued messages to go out, then closes every socket.</summary>
    public void Dispose()
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while ((!_outbox.IsEmpty || Volatile.Read(ref _relayScheduled) != 0 || _outgoing.Count > 0) && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Thread.Sleep(50);
        _stop.Cancel();
        if (_poller.IsRunning) _poller.Stop();
        _heartbeatThread.Join(TimeSpan.FromSeconds(1));
        _poller.Dispose();
        _outgoing.Dispose();
        foreach (var s in new NetMQSocket[] { _shell, _control, _stdin, _iopub }) s.Dispose();
    }
}
