using System.Net;
using Microsoft.Extensions.Logging;
using MiniStore.Server.Transport;

namespace MiniStore.Server;

/// <summary>Everything the server is started with, validated by the command line before it gets here.</summary>
public sealed record ServerSettings
{
    public const int DefaultPort = 8080;
    public const int DefaultMaxRequestBytes = 1024 * 1024;
    public const int DefaultProtoMaxBulkLen = 512 * 1024 * 1024;
    public const int DefaultMaxClients = 10_000;
    public static readonly TimeSpan DefaultAuthTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Limit before authentication (protocol.md A.1): small, so strangers cannot make us buffer much.</summary>
    public const int PreAuthMaxRequestBytes = 4 * 1024;

    public IPAddress Bind { get; init; } = IPAddress.Loopback;

    /// <summary>0 asks the OS for a free port (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>False: no plaintext port (Redis's <c>--port 0</c>); only the TLS one.</summary>
    public bool ListenPlain { get; init; } = true;

    /// <summary>The HTTP port serving /metrics and /healthz; null: none. 0 asks the OS for a free port (tests).</summary>
    public int? MetricsPort { get; init; }

    /// <summary>The TLS port and its certificate files; null: no TLS.</summary>
    public Tls.TlsSettings? Tls { get; init; }

    public int MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>RESP bulk strings after authentication may be this long (Redis's proto-max-bulk-len, default 512 MiB).</summary>
    public int ProtoMaxBulkLen { get; init; } = DefaultProtoMaxBulkLen;

    /// <summary>
    /// Accept a password that already passed Argon2id by comparing a keyed MAC of it, without running Argon2id again
    /// (README, security notes). Off: every AUTH runs Argon2id.
    /// </summary>
    public bool AuthFastPath { get; init; } = true;

    /// <summary>Undrained output a MONITOR connection may have before it is closed.</summary>
    public long MonitorOutputLimitBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Undrained output a pub/sub subscriber may have before it is closed (Redis's pubsub hard limit, 32 MiB).</summary>
    public long PubSubOutputLimitBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>
    /// Redis's pubsub soft limit: a subscriber whose undrained output stays above this many bytes for
    /// <see cref="PubSubOutputSoftLimitTime"/> is closed (default 8 MiB for 60 s); 0 turns it off.
    /// </summary>
    public long PubSubOutputSoftLimitBytes { get; init; } = 8L * 1024 * 1024;

    public TimeSpan PubSubOutputSoftLimitTime { get; init; } = TimeSpan.FromSeconds(60);

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Redis's maxclients: connections past it are told so and closed.</summary>
    public int MaxClients { get; init; } = DefaultMaxClients;

    /// <summary>Redis's timeout: an authenticated client idle this long is closed; zero: never.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>A connection that has not authenticated within this is closed; zero: never.</summary>
    public TimeSpan AuthTimeout { get; init; } = DefaultAuthTimeout;

    public int? ShardCount { get; init; }

    /// <summary>Run each connection's loop on its socket I/O thread (no thread-pool hop per read); sockets transport only.</summary>
    public bool InlineScheduling { get; init; } = true;

    /// <summary>How bytes move between sockets and connections: MiniStore's epoll loops, or Kestrel's socket transport.</summary>
    public TransportKind Transport { get; init; } = TransportKind.Epoll;

    /// <summary>
    /// Epoll loops (I/O threads) of the epoll transport: half the cores, at least one, so clients, the garbage
    /// collector and the rest of the machine keep the other half (on 2 cores one loop, as Redis).
    /// </summary>
    public int IoThreads { get; init; } = DefaultIoThreads;

    public static int DefaultIoThreads => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Where the RDB file lives (Redis's dir): the working directory unless set.</summary>
    public string Dir { get; init; } = ".";

    /// <summary>The RDB file's name in <see cref="Dir"/> (Redis's dbfilename).</summary>
    public string DbFilename { get; init; } = MiniStore.Persistence.PersistenceSettings.DefaultFileName;

    /// <summary>Redis's save points; none (the default, as a cache) means the server saves only on SAVE/BGSAVE.</summary>
    public IReadOnlyList<MiniStore.Persistence.SaveRule> SaveRules { get; init; } = [];

    /// <summary>Start anyway, with the keys read before the damage, when the RDB file is corrupt (--rdb-load-corrupt skip).</summary>
    public bool SkipCorruptRdb { get; init; }

    /// <summary>How long shutdown waits for connections to finish their batch before closing them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(4);
}
