using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniStore.Protocol;
using MiniStore.Server.Commands;
using MiniStore.Server.Diagnostics;

namespace MiniStore.Server.Connections;

/// <summary>
/// One raw Kestrel connection: read, parse every complete request in the buffer, execute each, write the
/// replies into the pipe, flush once per batch, advance. Nothing in here allocates per request.
/// </summary>
internal sealed class StoreConnectionHandler(
    CommandDispatcher dispatcher,
    ServerMetrics metrics,
    ServerConfig config,
    ClientRegistry clients,
    ClientPause pause,
    MonitorFeed monitors,
    PubSub.PubSubHub pubsub,
    Transactions.WatchRegistry watches,
    ClientAdmission admission,
    IHostApplicationLifetime lifetime,
    ILogger<StoreConnectionHandler> logger) : ConnectionHandler
{
    /// <summary>
    /// Replies written but not yet flushed after which the batch pauses to flush: a buffer of small requests
    /// for large values must not turn into an unbounded pile of replies in memory.
    /// </summary>
    internal const int FlushThresholdBytes = 64 * 1024;

    /// <summary>How long a refused connection is given to send its first bytes, which tell the dialect of the refusal.</summary>
    private static readonly TimeSpan RefusalWait = TimeSpan.FromSeconds(1);

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (!admission.TryEnter())
        {
            await RefuseAsync(connection).ConfigureAwait(false);
            return;
        }

        try
        {
            await ServeConnectionAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            admission.Leave();
        }
    }

    /// <summary>
    /// Past maxclients: Redis's error, then close. The error is written in the client's dialect, read from its first
    /// bytes (RESP starts with '*', AUTH or HELLO); a client silent for a second gets the RESP form, as from Redis.
    /// </summary>
    private async Task RefuseAsync(ConnectionContext connection)
    {
        Log.ClosingConnection(logger, connection.ConnectionId, connection.RemoteEndPoint, "max number of clients reached");
        var input = connection.Transport.Input;
        var resp = true;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        wait.CancelAfter(RefusalWait);
        try
        {
            var read = await input.ReadAsync(wait.Token).ConfigureAwait(false);
            resp = read.Buffer.IsEmpty || SpeaksResp(read.Buffer);
            input.AdvanceTo(read.Buffer.End);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionResetException or ConnectionAbortedException)
        {
            // Silent, gone or shutting down: the RESP form, if it can still be written.
        }

        try
        {
            await connection.Transport.Output.WriteAsync(resp ? "-ERR max number of clients reached\r\n"u8.ToArray() : "ERR: max number of clients reached\n"u8.ToArray()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException or InvalidOperationException)
        {
            // The client went away first.
        }
    }

    private static bool SpeaksResp(ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[6];
        var length = (int)Math.Min(buffer.Length, head.Length);
        buffer.Slice(0, length).CopyTo(head);
        head = head[..length];
        return head[0] == (byte)'*'
            || StartsWithWord(head, "AUTH "u8) || StartsWithWord(head, "HELLO"u8);
    }

    private static bool StartsWithWord(ReadOnlySpan<byte> head, ReadOnlySpan<byte> word) =>
        head.Length >= word.Length && System.Text.Ascii.EqualsIgnoreCase(head[..word.Length], word);

    private async Task ServeConnectionAsync(ConnectionContext connection)
    {
        var session = new Session(connection, metrics.Time.GetTimestamp());
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var stopping = lifetime.ApplicationStopping;
        clients.Add(session);
        metrics.ConnectionOpened();
        Log.ConnectionOpened(logger, session.Id, session.Remote);
        try
        {
            await ServeAsync(session, input, output, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException or OperationCanceledException)
        {
            // The client went away or the server is stopping: nothing to report.
        }
        catch (Exception ex)
        {
            // One broken connection must never take the server down.
            Log.ConnectionFailed(logger, ex, session.Id);
        }
        finally
        {
            session.Suspension?.Abandon();
            if (session.Transaction is { } transaction)
            {
                watches.UnwatchAll(transaction);
            }

            if (session.IsMonitor)
            {
                monitors.Remove(session);
            }

            pubsub.RemoveAll(session);

            clients.Remove(session);
            metrics.ConnectionClosed(session.IsAuthenticated);
            Log.ConnectionClosed(logger, session.Id);
        }
    }

    private async Task ServeAsync(Session session, PipeReader input, PipeWriter output, CancellationToken stopping)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            session.LastInteraction = metrics.Time.GetTimestamp();
            if (session.IsAuthenticated && session.ConfigVersion != config.Version)
            {
                session.ApplyLimits(config);
            }

            if (session.Outbox is { } outbox)
            {
                // Woken by CancelPendingRead (result.IsCanceled) or not: whatever others queued goes out with this batch.
                if (outbox.Overflowed)
                {
                    Log.ClosingConnection(logger, session.Id, session.Remote, "output over its limit");
                    return;
                }

                outbox.DrainTo(output);
            }

            var buffer = result.Buffer;
            var outcome = ProcessBatch(session, ref buffer, output);
            while (outcome is CommandOutcome.Flush or CommandOutcome.Suspend)
            {
                // The read buffer is not advanced yet, so the rest of it is still ours to parse. Not cancelled by
                // shutdown: these replies answer commands already applied.
                var flushed = await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    return;
                }

                if (outcome == CommandOutcome.Suspend)
                {
                    var suspension = session.Suspension!;
                    await suspension.WaitAsync(stopping).ConfigureAwait(false);
                    session.Suspension = null;
                    outcome = suspension.Resume(output);

                    // A reply is an interaction (Redis counts writes too): a client served after a long BLPOP is not idle.
                    session.LastInteraction = metrics.Time.GetTimestamp();
                    if (outcome == CommandOutcome.Close)
                    {
                        break;
                    }
                }

                outcome = ProcessBatch(session, ref buffer, output);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            metrics.AddBatch(session.Counters);
            session.Counters.Reset();

            if (!output.CanGetUnflushedBytes || output.UnflushedBytes > 0)
            {
                // Not cancelled by shutdown: these replies answer commands already applied.
                var flush = await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    return;
                }
            }

            if (outcome == CommandOutcome.Close)
            {
                return;
            }

            // On EOF everything complete has been served; an unterminated last line is not a request. A cancelled read
            // is only the outbox waking the loop.
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private static readonly ProtocolError UnbalancedInline = new(ProtocolErrorKind.UnbalancedQuotes, "unbalanced quotes in request");
    private static readonly ProtocolError InlineTooBig = new(ProtocolErrorKind.TooLarge, "too big inline request");

    /// <summary>
    /// Whether CLIENT PAUSE in <paramref name="mode"/> holds back <paramref name="command"/>: ALL holds everything, WRITE
    /// what may write, an EXEC included when its queue holds a write (as Redis 7 pauses it).
    /// </summary>
    private static bool IsHeld(PauseMode mode, CommandId command, Session session) =>
        mode == PauseMode.All
        || (command != CommandId.Unknown && CommandTable.Get(command).Has(CommandTraits.Write))
        || (command == CommandId.Exec && session.Transaction is { InMulti: true } transaction
            && transaction.Queue.Any(queued => queued.Command != CommandId.Unknown && CommandTable.Get(queued.Command).Has(CommandTraits.Write)));

    /// <summary>Serves every complete request in <paramref name="buffer"/>, slicing it past what was consumed.</summary>
    private CommandOutcome ProcessBatch(Session session, ref ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        while (true)
        {
            var before = buffer;
            var status = session.Reader.TryRead(ref buffer, out var request, out var error);
            switch (status)
            {
                case ReadStatus.NeedMoreData:
                    return CommandOutcome.Continue;
                case ReadStatus.Request:
                    if (pause.Mode != PauseMode.None && IsHeld(pause.Mode, request.Command, session))
                    {
                        session.Reader.Unread(request, ref buffer, before);
                        session.Suspension = new PauseWait(pause);
                        return CommandOutcome.Suspend;
                    }

                    var outcome = dispatcher.Execute(request, session, output);
                    if (outcome != CommandOutcome.Continue)
                    {
                        return outcome;
                    }

                    if (output.CanGetUnflushedBytes && output.UnflushedBytes > FlushThresholdBytes)
                    {
                        return CommandOutcome.Flush;
                    }

                    break;
                case ReadStatus.Error or ReadStatus.TooLarge when session.IsResp:
                    // A malformed inline command on a RESP connection: Redis replies and closes.
                    ErrorReplies.Protocol(new ReplyWriter(output, WireFormat.Resp, session.RespVersion), WireFormat.Resp, status == ReadStatus.TooLarge ? InlineTooBig : UnbalancedInline);
                    Log.ClosingConnection(logger, session.Id, session.Remote, "malformed inline request");
                    return CommandOutcome.Close;
                case ReadStatus.Error:
                    ErrorReplies.Protocol(new ReplyWriter(output, WireFormat.Line, session.RespVersion), WireFormat.Line, error);
                    break;
                case ReadStatus.TooLarge:
                    ErrorReplies.TooLarge(new ReplyWriter(output, WireFormat.Line, session.RespVersion), WireFormat.Line);
                    if (!session.IsAuthenticated)
                    {
                        Log.ClosingConnection(logger, session.Id, session.Remote, "request too large before authentication");
                        return CommandOutcome.Close;
                    }

                    break;
                default:
                    if (!session.IsAuthenticated && error.Kind is ProtocolErrorKind.TooManyElements or ProtocolErrorKind.BulkTooLarge)
                    {
                        // Redis's texts for its limits on unauthenticated clients.
                        error = error with
                        {
                            Message = error.Kind == ProtocolErrorKind.TooManyElements ? "unauthenticated multibulk length" : "unauthenticated bulk length",
                        };
                    }

                    ErrorReplies.Protocol(new ReplyWriter(output, WireFormat.Resp, session.RespVersion), WireFormat.Resp, error);
                    Log.ClosingConnection(logger, session.Id, session.Remote, "RESP protocol error: " + error.Message);
                    return CommandOutcome.Close;
            }
        }
    }
}
