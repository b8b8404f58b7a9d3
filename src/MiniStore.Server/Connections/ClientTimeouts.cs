using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniStore.Server.Diagnostics;

namespace MiniStore.Server.Connections;

/// <summary>
/// Closes clients that have sat too long, once a second on the server's clock (tests move a fake one): an
/// authenticated client idle past <c>timeout</c> (as Redis: never a subscriber or a MONITOR, whose silence is the
/// point), and a connection that has not authenticated within the auth timeout, so strangers cannot hold
/// connections, and with them maxclients places, by saying nothing. A client waiting on its password check or
/// held by CLIENT PAUSE is not idle and is left alone.
/// </summary>
internal sealed class ClientTimeouts(ClientRegistry clients, ServerConfig config, TimeProvider time, ILogger<ClientTimeouts> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Sweep();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One pass over the clients.</summary>
    internal void Sweep()
    {
        var idleSeconds = config.IdleTimeoutSeconds;
        var authTimeout = config.AuthTimeout;
        if (idleSeconds == 0 && authTimeout == TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetTimestamp();
        foreach (var session in clients.Snapshot())
        {
            if (session.Suspension is not null)
            {
                continue;
            }

            if (!session.IsAuthenticated)
            {
                if (authTimeout > TimeSpan.Zero && time.GetElapsedTime(session.CreatedAt, now) >= authTimeout)
                {
                    Close(session, "not authenticated within the authentication timeout");
                }
            }
            else if (idleSeconds > 0 && !session.IsMonitor && session.Subscriptions is not { Count: > 0 }
                && time.GetElapsedTime(session.LastInteraction, now).TotalSeconds > idleSeconds)
            {
                Close(session, "idle longer than the timeout");
            }
        }
    }

    private void Close(Session session, string reason)
    {
        Log.ClosingConnection(logger, session.Id, session.Remote, reason);
        session.Kill(reason);
    }
}
