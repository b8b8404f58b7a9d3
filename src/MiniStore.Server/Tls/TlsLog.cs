using System.Net;
using Microsoft.Extensions.Logging;

namespace MiniStore.Server.Tls;

/// <summary>The TLS endpoint's log messages (ids from 200, apart from the server's own).</summary>
internal static partial class TlsLog
{
    [LoggerMessage(200, LogLevel.Information, "TLS listening on {Address}:{Port} (certificate {Subject}, expires {NotAfter:u}, client certificates: {AuthClients})")]
    public static partial void Listening(ILogger logger, IPAddress address, int port, string subject, DateTime notAfter, TlsClientAuth authClients);

    [LoggerMessage(201, LogLevel.Information, "TLS certificate {File} changed on disk: now serving {Subject}, expires {NotAfter:u}")]
    public static partial void CertificateReloaded(ILogger logger, string file, string subject, DateTime notAfter);

    [LoggerMessage(202, LogLevel.Warning, "TLS certificate {File} changed on disk but cannot be loaded ({Reason}); still serving the previous one")]
    public static partial void CertificateReloadFailed(ILogger logger, string file, string reason);
}
