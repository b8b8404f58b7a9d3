using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniStore.Protocol;
using MiniStore.Server.Commands;
using MiniStore.Server.Diagnostics;
using MiniStore.Server.Security;

namespace MiniStore.Server.Connections;

/// <summary>
/// One raw Kestrel connection: read, parse every complete request in the buffer, execute each, write the
/// replies into the pipe, flush once per batch, advance. Nothing in here allocates per request.
/// </summary>
internal sealed class StoreConnectionHandler(
    CommandDispatcher dispatcher,
    PasswordVerifier verifier,
    ServerMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILogger<StoreConnectionHandler> logger) : ConnectionHandler
{
    /// <summary>
    /// Replies written but not yet flushed after which the batch pauses to flush: a buffer of small requests
    /// for large values must not turn into an unbounded pile of replies in memory.
    /// </summary>
    internal const int FlushThresholdBytes = 64 * 1024;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var session = new Session(connection.ConnectionId, connection.RemoteEndPoint);
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        var stopping = lifetime.ApplicationStopping;
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
            if (session.PendingAuthentication is { } pending)
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(pending.Candidate);
            }

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

            var buffer = result.Buffer;
            var outcome = ProcessBatch(session, ref buffer, output);
            while (outcome is CommandOutcome.VerifyPassword or CommandOutcome.Flush)
            {
                if (outcome == CommandOutcome.Flush)
                {
                    // The read buffer is not advanced yet, so the rest of it is still ours to parse.
                    // Not cancelled by shutdown: these replies answer commands already applied.
                    var flushed = await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                    if (flushed.IsCompleted)
                    {
                        return;
                    }
                }
                else
                {
                    var pending = session.PendingAuthentication!;
                    session.PendingAuthentication = null;
                    var valid = await verifier.VerifyAsync(pending.Candidate, stopping).ConfigureAwait(false);
                    outcome = dispatcher.CompleteAuthentication(session, pending, valid, output);
                    if (!valid)
                    {
                        Log.AuthFailed(logger, session.Id, session.Remote, session.FailedAuthAttempts);
                        if (outcome == CommandOutcome.Close)
                        {
                            Log.ClosingConnection(logger, session.Id, session.Remote, "too many wrong passwords");
                            break;
                        }
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

            // On EOF everything complete has been served; an unterminated last line is not a request.
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>Serves every complete request in <paramref name="buffer"/>, slicing it past what was consumed.</summary>
    private CommandOutcome ProcessBatch(Session session, ref ReadOnlySequence<byte> buffer, PipeWriter output)
    {
        while (true)
        {
            var status = session.Reader.TryRead(ref buffer, out var request, out var error);
            switch (status)
            {
                case ReadStatus.NeedMoreData:
                    return CommandOutcome.Continue;
                case ReadStatus.Request:
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
