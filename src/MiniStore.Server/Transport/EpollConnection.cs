using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using static MiniStore.Server.Transport.EpollNative;

namespace MiniStore.Server.Transport;

/// <summary>
/// One accepted socket as Kestrel sees it: a <see cref="ConnectionContext"/> whose input pipe is filled by its
/// <see cref="EpollLoop"/> and whose output pipe is drained by a send loop that runs wherever the application flushes.
/// </summary>
/// <remarks>
/// <para>Reading: when the loop reports the socket readable, the loop thread reads into the input pipe and flushes it;
/// the pipe resumes the application inline, so a request is parsed, executed and answered on the thread that read it,
/// with no hop. A read shorter than the buffer means the socket is drained (the next byte to arrive raises a new
/// edge), so there is no extra read that ends in EAGAIN, which .NET's socket engine makes after every receive.</para>
/// <para>Only one thread at a time reads (<see cref="_readSignals"/> serializes the loop, a resumed back-pressured read
/// and the close); the socket is closed by that reader, so no read ever reaches a descriptor number the kernel has
/// given to a newer socket. Only the send loop sends, and it has ended before the socket is closed.</para>
/// </remarks>
internal sealed class EpollConnection : ConnectionContext, IEpollTarget,
    IConnectionIdFeature, IConnectionTransportFeature, IConnectionItemsFeature, IConnectionLifetimeFeature,
    IConnectionEndPointFeature, IConnectionFileDescriptorFeature, IMemoryPoolFeature
{
    private static long _lastNumber;

    /// <summary>Left in <see cref="_closedSignal"/> by <see cref="Close"/>: the socket is closed, nobody need wait.</summary>
    private static readonly TaskCompletionSource ClosedSentinel = new();

    private readonly int _fd;

    // One lock for the descriptor's end (shutdown and getsockname never after the close) and the closed token.
    private readonly Lock _gate = new();
    private bool _fdClosed;
    private EndPoint? _localEndPoint;
    private readonly EpollLoop _loop;
    private readonly int _receiveSize;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly Action _onFlushed;
    private readonly long _number;

    private string? _connectionId;
    private FeatureCollection? _features;
    private IDictionary<object, object?>? _items;
    private CancellationTokenSource? _closedSource;
    private bool _closedFired;

    // Read side: touched only by the one thread inside ReadWork.
    private int _readSignals;

    // The thread inside ReadWork, while one is (a dispose called from it may close the socket at once).
    private int _readerThread;
    private bool _inputDone;
    private bool _peerClosed;
    private bool _readPaused;
    private bool _closed;
    private ValueTask<FlushResult> _pendingFlush;

    // Requests from other threads to the reader.
    private volatile bool _disposeRequested;
    private volatile bool _aborted;
    private volatile bool _appStoppedReading;
    private volatile bool _peerShutDown;
    private ConnectionAbortedException? _abortReason;
    private TaskCompletionSource? _closedSignal;

    // Send side.
    private Task? _sendTask;
    private TaskCompletionSource? _writable;
    private bool _watchingWritable;

    public EpollConnection(int fd, EndPoint? remote, EpollLoop loop, PipeOptions inputOptions, PipeOptions outputOptions, int receiveSize)
    {
        _fd = fd;
        _loop = loop;
        _receiveSize = receiveSize;
        _input = new Pipe(inputOptions);
        _output = new Pipe(outputOptions);
        _onFlushed = OnFlushed;
        _number = Interlocked.Increment(ref _lastNumber);
        Transport = new DuplexPipe(_input.Reader, _output.Writer);
        RemoteEndPoint = remote;
    }

    /// <summary>The descriptor this connection reads and writes.</summary>
    public int Fd => _fd;

    /// <summary>Set by the loop: where events for this connection are delivered (see <see cref="EpollLoop"/>).</summary>
    public int Slot { get; set; }

    public uint Generation { get; set; }

    public override string ConnectionId
    {
        // Made on first use: most connections are never named in a log line.
        get => _connectionId ??= "ms-" + _number.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        set => _connectionId = value;
    }

    public override IFeatureCollection Features => _features ??= CreateFeatures();

    public override IDictionary<object, object?> Items
    {
        get => _items ??= new Dictionary<object, object?>();
        set => _items = value;
    }

    public override IDuplexPipe Transport { get; set; }

    /// <summary>Asked of the kernel on first use: only CLIENT LIST and logs want it.</summary>
    public override EndPoint? LocalEndPoint
    {
        get => _localEndPoint ??= QueryLocalEndPoint();
        set => _localEndPoint = value;
    }

    public MemoryPool<byte> MemoryPool => MemoryPool<byte>.Shared;

    public override CancellationToken ConnectionClosed
    {
        get
        {
            lock (_gate)
            {
                _closedSource ??= new CancellationTokenSource();
                if (_closedFired)
                {
                    _closedSource.Cancel();
                }

                return _closedSource.Token;
            }
        }

        set => throw new NotSupportedException("The transport owns the connection's closed token.");
    }

    /// <summary>Starts the send loop; called once, before the socket is added to its loop.</summary>
    public void Start() => _sendTask = SendLoopAsync();

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _abortReason ??= abortReason;
        _aborted = true;
        lock (_gate)
        {
            // Wakes the loop and a peer that waits for us, and makes every later read and send fail at once. Never
            // after the close: the number may belong to a newer socket by then.
            if (!_fdClosed)
            {
                shutdown(_fd, SHUT_RDWR);
            }
        }

        try
        {
            _output.Reader.CancelPendingRead();
        }
        catch (InvalidOperationException)
        {
            // The send loop has ended already.
        }

        Interlocked.Exchange(ref _writable, null)?.TrySetResult();
        OnReadable();
    }

    public override async ValueTask DisposeAsync()
    {
        // The application's ends: what it wrote is still sent, what it did not read is dropped.
        _input.Reader.Complete();
        _output.Writer.Complete();
        if (_sendTask is { } sending)
        {
            await sending.ConfigureAwait(false);
        }

        _disposeRequested = true;
        if (Volatile.Read(ref _readerThread) == Environment.CurrentManagedThreadId)
        {
            // Kestrel disposes from inside this connection's own read (the application ended while the read bytes were
            // flushed to it, as on every QUIT or end of stream): that reader checks _closed after each flush, so the
            // socket is closed right here, with no hop to another thread.
            Close();
        }
        else
        {
            OnReadable();
        }

        // Closed already, by this thread, unless another thread was reading: then wait for it to close the socket.
        if (Volatile.Read(ref _closedSignal) != ClosedSentinel)
        {
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Interlocked.CompareExchange(ref _closedSignal, closed, null) is null)
            {
                await closed.Task.ConfigureAwait(false);
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    public void OnEvents(uint events)
    {
        if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0)
        {
            OnWritable();
        }

        if ((events & (EPOLLRDHUP | EPOLLERR | EPOLLHUP)) != 0)
        {
            // The peer shut its side down, or the socket hung up or failed: read to the end (see ReadWork).
            _peerShutDown = true;
            OnReadable();
        }
        else if ((events & EPOLLIN) != 0)
        {
            OnReadable();
        }
    }

    public void OnFault(Exception exception) => Abort(new ConnectionAbortedException("The transport failed.", exception));

    /// <summary>The loop saw the socket readable, or at end of stream or in error.</summary>
    public void OnReadable()
    {
        if (Interlocked.Increment(ref _readSignals) != 1)
        {
            // Another thread is reading; it goes round once more for this signal.
            return;
        }

        while (true)
        {
            var seen = Volatile.Read(ref _readSignals);
            Volatile.Write(ref _readerThread, Environment.CurrentManagedThreadId);
            ReadWork();

            // Cleared before the count may reach zero: once it does, the next reader may be another thread, and a
            // stale id would let a dispose on this thread close the socket under that reader.
            Volatile.Write(ref _readerThread, 0);
            if (Interlocked.Add(ref _readSignals, -seen) == 0)
            {
                return;
            }
        }
    }

    /// <summary>The loop saw the socket writable again after a send had found it full.</summary>
    public void OnWritable() => Interlocked.Exchange(ref _writable, null)?.TrySetResult();

    private void ReadWork()
    {
        if (_closed)
        {
            return;
        }

        if (_disposeRequested)
        {
            Close();
            return;
        }

        if (_inputDone)
        {
            return;
        }

        if (_aborted)
        {
            CompleteInput(_abortReason ?? new ConnectionAbortedException());
            return;
        }

        if (_appStoppedReading)
        {
            CompleteInput(null);
            return;
        }

        if (_readPaused)
        {
            return;
        }

        var writer = _input.Writer;
        while (true)
        {
            var memory = writer.GetMemory(_receiveSize);
            var received = Receive(memory.Span);

            if (received > 0)
            {
                writer.Advance((int)received);
#pragma warning disable CA2012 // Consumed exactly once: its result below when complete, else by OnFlushed once it completes.
                var flush = writer.FlushAsync();
#pragma warning restore CA2012
                if (_closed)
                {
                    // The application ended during the flush and the connection was disposed and closed inline.
                    return;
                }

                if (!flush.IsCompleted)
                {
                    // The application has not caught up: read no more until it has (the pipe's pause threshold).
                    _readPaused = true;
                    _pendingFlush = flush;
                    flush.GetAwaiter().UnsafeOnCompleted(_onFlushed);
                    return;
                }

                if (flush.GetAwaiter().GetResult().IsCompleted)
                {
                    CompleteInput(null);
                    return;
                }

                if (received < memory.Length && !_peerShutDown)
                {
                    // Drained; the next byte to arrive raises a new edge. Not so the end of the stream when it came
                    // with these bytes: its edge is spent, so after a shutdown the socket is read until it says so.
                    return;
                }

                continue;
            }

            if (received == 0)
            {
                _peerClosed = true;
                CompleteInput(null);
                return;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR)
            {
                continue;
            }

            if (errno == EAGAIN)
            {
                return;
            }

            _peerClosed = true;
            CompleteInput(new ConnectionResetException(new SocketException(errno).Message));
            return;
        }
    }

    private void OnFlushed()
    {
        // Called by the pipe once the flush has completed, so its result is there to take.
        var flush = _pendingFlush;
        _pendingFlush = default;
        var result = flush.IsCompleted ? flush.Result : default;
        _readPaused = false;
        if (result.IsCompleted)
        {
            // The application stopped reading; the reader completes the pipe on its next turn.
            _appStoppedReading = true;
        }

        OnReadable();
    }

    private void CompleteInput(Exception? error)
    {
        _inputDone = true;
        _input.Writer.Complete(error);
        FireClosed();
    }

    private void Close()
    {
        _closed = true;
        if (!_inputDone)
        {
            _inputDone = true;
            _input.Writer.Complete();
        }

        _loop.Release(Slot);
        lock (_gate)
        {
            if (!_peerClosed && !_aborted)
            {
                // The end of our side before the close, as Kestrel's transport does.
                shutdown(_fd, SHUT_RDWR);
            }

            _fdClosed = true;
            close(_fd);
        }

        FireClosed();
        Interlocked.Exchange(ref _closedSignal, ClosedSentinel)?.TrySetResult();
    }

    private void FireClosed()
    {
        CancellationTokenSource? source;
        lock (_gate)
        {
            if (_closedFired)
            {
                return;
            }

            _closedFired = true;
            source = _closedSource;
        }

        if (source is not null)
        {
            // Never run the application's callbacks on the I/O thread.
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Cancel(), source, preferLocal: false);
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                if (_aborted)
                {
                    break;
                }

                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var rest = segment;
                    while (!rest.IsEmpty)
                    {
                        var sent = Send(rest.Span, out var errno);
                        if (sent > 0)
                        {
                            rest = rest[(int)sent..];
                            continue;
                        }

                        if (errno == EAGAIN)
                        {
                            // Full: ask for the next writable edge, then try once more, because the edge may have come
                            // between the full send and the request; if that try is still refused, an edge must follow.
                            var writable = ArmWritable();
                            sent = Send(rest.Span, out errno);
                            if (sent > 0)
                            {
                                Interlocked.Exchange(ref _writable, null);
                                rest = rest[(int)sent..];
                                continue;
                            }

                            if (errno == EAGAIN)
                            {
                                await writable.ConfigureAwait(false);
                                if (_aborted)
                                {
                                    return;
                                }

                                continue;
                            }
                        }

                        if (errno != EINTR)
                        {
                            throw new ConnectionResetException(new SocketException(errno).Message);
                        }
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // A failed send (the peer reset) or anything unexpected: the application's next flush learns of it.
            error = ex;
        }
        finally
        {
            // The application's next flush learns that nothing more can be sent.
            await reader.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private unsafe nint Receive(Span<byte> into)
    {
        fixed (byte* buffer = into)
        {
            return recv(_fd, buffer, into.Length, 0);
        }
    }

    private unsafe nint Send(ReadOnlySpan<byte> data, out int errno)
    {
        fixed (byte* buffer = data)
        {
            var sent = send(_fd, buffer, data.Length, MSG_NOSIGNAL);
            errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
            return sent;
        }
    }

    private Task ArmWritable()
    {
        var writable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _writable, writable);
        if (!_watchingWritable)
        {
            _watchingWritable = true;
            _loop.Change(this, _fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
        }

        return writable.Task;
    }

    private unsafe IPEndPoint? QueryLocalEndPoint()
    {
        var address = stackalloc byte[SockAddrStorageSize];
        var length = SockAddrStorageSize;
        lock (_gate)
        {
            if (_fdClosed || getsockname(_fd, address, &length) != 0)
            {
                return null;
            }
        }

        return SockAddr.ToEndPoint(new ReadOnlySpan<byte>(address, Math.Min(length, SockAddrStorageSize)));
    }

    private FeatureCollection CreateFeatures()
    {
        var features = new FeatureCollection();
        features.Set<IConnectionIdFeature>(this);
        features.Set<IConnectionTransportFeature>(this);
        features.Set<IConnectionItemsFeature>(this);
        features.Set<IConnectionLifetimeFeature>(this);
        features.Set<IConnectionEndPointFeature>(this);
        features.Set<IConnectionFileDescriptorFeature>(this);
        features.Set<IMemoryPoolFeature>(this);
        return features;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
