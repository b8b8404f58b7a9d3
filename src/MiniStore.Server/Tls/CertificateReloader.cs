using Microsoft.Extensions.Logging;

namespace MiniStore.Server.Tls;

/// <summary>
/// The server certificate to serve now. Each TLS handshake asks for it, and it looks at the two files'
/// size and modification time first (two stat calls, nothing next to the handshake's own cost), so a
/// certificate renewed on disk is served from the next connection on, without a restart and without a
/// watcher thread. A half-written or broken pair is not taken: the previous certificate stays in use, and
/// the problem is logged once per change of the files.
/// </summary>
internal sealed class CertificateReloader
{
    private readonly string _certificateFile;
    private readonly string _keyFile;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private ServerCertificate _current;
    private (FileStamp Certificate, FileStamp Key) _loadedStamps;
    private (FileStamp Certificate, FileStamp Key) _seenStamps;

    public CertificateReloader(TlsSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _certificateFile = settings.CertificateFile;
        _keyFile = settings.KeyFile;
        _logger = logger;
        _loadedStamps = _seenStamps = Stamps();
        _current = ServerCertificate.TryLoad(_certificateFile, _keyFile, out var error)
            ?? throw new InvalidOperationException($"cannot load the TLS certificate '{_certificateFile}' with key '{_keyFile}': {error}");
    }

    /// <summary>How many times a changed pair of files has been loaded since start.</summary>
    public int Reloads { get; private set; }

    public ServerCertificate Current
    {
        get
        {
            var stamps = Stamps();
            lock (_lock)
            {
                if (stamps == _loadedStamps || stamps == _seenStamps)
                {
                    return _current;
                }

                _seenStamps = stamps;
                if (ServerCertificate.TryLoad(_certificateFile, _keyFile, out var error) is { } loaded)
                {
                    _current = loaded;
                    _loadedStamps = stamps;
                    Reloads++;
                    TlsLog.CertificateReloaded(_logger, _certificateFile, loaded.Leaf.Subject, loaded.Leaf.NotAfter);
                }
                else
                {
                    TlsLog.CertificateReloadFailed(_logger, _certificateFile, error ?? "unknown error");
                }

                return _current;
            }
        }
    }

    private (FileStamp, FileStamp) Stamps() => (FileStamp.Of(_certificateFile), FileStamp.Of(_keyFile));

    /// <summary>What tells a changed file from the same one: its size and last write (of the final target of a symlink).</summary>
    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
    {
        public static FileStamp Of(string path)
        {
            try
            {
                var info = new FileInfo(path);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
                {
                    info = target;
                }

                return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : default;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return default;
            }
        }
    }
}
