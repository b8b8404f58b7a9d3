using System.Net;
using Microsoft.Extensions.Logging;

namespace MiniStore.Server.Diagnostics;

/// <summary>Source-generated log messages: no boxing or formatting unless the level is enabled.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "MiniStore {Version} listening on {Address}:{Port} ({Shards} shards, max request {MaxRequestBytes} bytes, transport: {Transport})")]
    public static partial void Started(ILogger logger, string version, IPAddress address, int port, int shards, int maxRequestBytes, string transport);

    [LoggerMessage(2, LogLevel.Warning, "Authentication failed for connection {ConnectionId} from {Remote} (attempt {Attempt})")]
    public static partial void AuthFailed(ILogger logger, string connectionId, EndPoint? remote, int attempt);

    [LoggerMessage(3, LogLevel.Warning, "Closing connection {ConnectionId} from {Remote}: {Reason}")]
    public static partial void ClosingConnection(ILogger logger, string connectionId, EndPoint? remote, string reason);

    [LoggerMessage(4, LogLevel.Error, "Connection {ConnectionId} failed and was closed")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, string connectionId);

    [LoggerMessage(5, LogLevel.Information, "Shutting down: no longer accepting connections, closing {Connections} open connection(s)")]
    public static partial void ShuttingDown(ILogger logger, long connections);

    [LoggerMessage(6, LogLevel.Information, "Stopped after {Uptime}: {Commands} commands served, {Keys} keys dropped")]
    public static partial void Stopped(ILogger logger, TimeSpan uptime, long commands, long keys);

    [LoggerMessage(7, LogLevel.Debug, "Connection {ConnectionId} from {Remote} opened")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, EndPoint? remote);

    [LoggerMessage(8, LogLevel.Debug, "Connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId);

    [LoggerMessage(9, LogLevel.Warning, "maxclients reduced from {Requested} to {MaxClients}: the process may open {Limit} files (ulimit -n), {Open} are open at start and {Reserved} are kept for files and the runtime; raise 'ulimit -n' (LimitNOFILE= in a systemd unit) for more clients")]
    public static partial void MaxClientsReduced(ILogger logger, int requested, int maxClients, long limit, int open, int reserved);

    [LoggerMessage(100, LogLevel.Information, "Metrics and health on http://{Address}:{Port}/metrics and /healthz")]
    public static partial void MetricsListening(ILogger logger, IPAddress address, int port);
}
