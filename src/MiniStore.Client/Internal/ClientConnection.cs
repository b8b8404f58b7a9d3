using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using MiniStore.Protocol;

namespace MiniStore.Client.Internal;

/// <summary>
/// One pipelined connection over a transport's <see cref="IDuplexPipe"/> (TCP now; TLS would only change the
/// stream under the pipe). Callers write their request into a shared buffer and queue its completion under one
/// short lock, so bytes on the wire and entries in the FIFO are always in the same order; a writer loop hands
/// whatever accumulated to the pipe's output (many requests per write when callers are concurrent); a reader loop
/// frames replies from the pipe's input, routes pushes aside, and completes the FIFO's head with each reply.
/// </summary>
internal sealed partial class ClientConnection : IAsyncDisposable
{
    // A send buffer that grew past this (a huge value) is dropped after use rather than kept.
    private const int RetainedBufferBytes = 1024 * 1024;

    private readonly StreamPipe _transport;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly WireFormat _format;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly string _endpoint;
    private readonly Lock _sync = new();
    private readonly ConcurrentQueue<IPendingReply> _pending = new();
    private readonly SemaphoreSlim _writeSignal = new(0, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly LineReplyReader _lineReader = new();
    private readonly RespReplyReader _respReader = new();
    private readonly ITimer? _watchdog;
    private readonly Task _writeLoop;
    private readonly Task _readLoop;

    // Guarded by _sync: callers append to _front; the writer loop swaps it with _back and sends _back.
    private ArrayBufferWriter<byte> _front = new(4096);
    private ArrayBufferWriter<byte> _back = new(4096);
    private bool _writeSignalled;
    private Exception? _failure;
    private string? _closingReason;

    // Reader loop only.
    private bool _authenticated;

    public ClientConnection(StreamPipe transport, WireFormat format, TimeSpan timeout, TimeProvider time, string endpoint)
    {
        _transport = transport;
        _input = transport.Input;
        _output = transport.Output;
        _format = format;
        _timeout = timeout;
        _time = time;
        _endpoint = endpoint;
        _writeLoop = Task.Run(WriteLoopAsync);
        _readLoop = Task.Run(ReadLoopAsync);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            // One timer checks the oldest request: with one timeout for all, it is always the first to expire.
            var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
            _watchdog = time.CreateTimer(static state => ((ClientConnection)state!).CheckTimeout(), this, period, period);
        }
    }

    public WireFormat Format => _format;

    public EndPoint? RemoteEndPoint => _transport.RemoteEndPoint;

    public bool IsConnected
    {
        get
        {
            lock (_sync)
            {
                return _failure is null && _closingReason is null;
            }
        }
    }

    /// <summary>
    /// Writes a request and returns its reply's task. Nothing here awaits: the request is in the send buffer, in
    /// FIFO order, before this returns, which is what makes pipelining from many threads safe.
    /// </summary>
    public Task<T> SendAsync<T>(
        ReadOnlySpan<ReadOnlyMemory<byte>> arguments,
        ReplyDecoder<T> decoder,
        CancellationToken cancellationToken,
        RequestFlags flags = RequestFlags.None)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var pending = new PendingReply<T>(decoder, _time.GetTimestamp(), (flags & RequestFlags.Authentication) != 0, cancellationToken.CanBeCanceled);
        if (Enqueue(arguments, pending, flags) is { } closed)
        {
            return Task.FromException<T>(closed);
        }

        if (cancellationToken.CanBeCanceled)
        {
            pending.RegisterCancellation(cancellationToken);
        }

        return pending.Task;
    }

    /// <summary>
    /// Writes a request and queues its completion, in one step under the lock so that bytes on the wire and entries
    /// in the FIFO keep the same order; the reason instead when the connection is closed or closing.
    /// </summary>
    private MiniStoreConnectionException? Enqueue(ReadOnlySpan<ReadOnlyMemory<byte>> arguments, IPendingReply pending, RequestFlags flags)
    {
        lock (_sync)
        {
            if (_failure is not null || _closingReason is not null)
            {
                return ClosedError();
            }

            if (pending is SubscriptionReply)
            {
                // Set before the request is written, so the reader already knows when the first confirmation comes.
                _subscriptionRequests++;
                PushRouter.SubscribeMode = true;
            }

            RequestEncoder.Write(_front, _format, arguments);
            _pending.Enqueue(pending);
            if ((flags & RequestFlags.Quit) != 0)
            {
                // The server closes after its OK: later requests would never be answered, so refuse them now.
                _closingReason = "QUIT was sent";
            }

            if (!_writeSignalled)
            {
                _writeSignalled = true;
                _writeSignal.Release();
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new MiniStoreConnectionException($"The client for {_endpoint} was disposed."));
        await _shutdown.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_writeLoop, _readLoop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loops end by cancellation on dispose.
        }

        if (_watchdog is not null)
        {
            await _watchdog.DisposeAsync().ConfigureAwait(false);
        }

        await _transport.DisposeAsync().ConfigureAwait(false);
        _writeSignal.Dispose();
        _shutdown.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                await _writeSignal.WaitAsync(_shutdown.Token).ConfigureAwait(false);
                ArrayBufferWriter<byte> batch;
                lock (_sync)
                {
                    batch = _front;
                    _front = _back;
                    _back = batch;
                    _writeSignalled = false;
                }

                // The stream writer passes the batch straight to the stream, so it can be reused once this returns.
                await _output.WriteAsync(batch.WrittenMemory, _shutdown.Token).ConfigureAwait(false);

                if (batch.Capacity > RetainedBufferBytes)
                {
                    _back = new ArrayBufferWriter<byte>(4096);
                }
                else
                {
                    batch.ResetWrittenCount();
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            Fail(new MiniStoreConnectionException($"Sending to {_endpoint} failed: {ex.Message}", ex));
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(_shutdown.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                var protocolError = DeliverReplies(ref buffer);
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (protocolError is not null)
                {
                    Fail(protocolError);
                    return;
                }

                if (result.IsCompleted)
                {
                    Fail(new MiniStoreConnectionException(ClosedByServerMessage()));
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            Fail(new MiniStoreConnectionException($"Reading from {_endpoint} failed: {ex.Message}", ex));
        }
    }

    /// <summary>
    /// Completes a pending request with every complete reply in the buffer, after routing pushes aside; an error
    /// if the stream is unusable. The line protocol has no pushes.
    /// </summary>
    private MiniStoreProtocolException? DeliverReplies(ref ReadOnlySequence<byte> buffer)
    {
        if (_format == WireFormat.Line)
        {
            try
            {
                while (_lineReader.TryRead(ref buffer, _authenticated, out var reply))
                {
                    // The line dialect has no push type: while subscribed, messages and confirmations are told apart by shape.
                    if (reply.Kind == RawKind.Array && PushRouter.SubscribeMode && TryRoutePubSub(reply.Aggregate!, isPush: false))
                    {
                        continue;
                    }

                    if (!Deliver(reply))
                    {
                        return UnmatchedReply();
                    }
                }
            }
            catch (MiniStoreProtocolException e)
            {
                return e;
            }

            return null;
        }

        while (true)
        {
            switch (_respReader.TryRead(ref buffer, out var resp))
            {
                case RespReadResult.NeedMoreData:
                    return null;
                case RespReadResult.Malformed:
                    return new MiniStoreProtocolException($"{_endpoint} sent a reply that is not RESP; the connection was closed.");
            }

            if (TryRoutePush(resp))
            {
                continue;
            }

            if (!Deliver(RespReplies.ToRaw(resp)))
            {
                return UnmatchedReply();
            }
        }
    }

    private bool Deliver(in RawReply reply)
    {
        if (!_pending.TryDequeue(out var pending))
        {
            return false;
        }

        if (pending.IsAuthentication && ReplyDecoders.IsAuthenticatedReply(reply))
        {
            _authenticated = true;
        }

        pending.Complete(reply);
        if (pending is SubscriptionReply)
        {
            SubscriptionRequestEnded();
        }

        return true;
    }

    private MiniStoreProtocolException UnmatchedReply() =>
        new($"{_endpoint} sent a reply to no request; the connection was closed.");

    private string ClosedByServerMessage()
    {
        lock (_sync)
        {
            return _closingReason is null
                ? $"The server at {_endpoint} closed the connection."
                : $"The server at {_endpoint} closed the connection ({_closingReason}).";
        }
    }
}
