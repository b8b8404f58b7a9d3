using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using MiniStore.Protocol;
using MiniStore.Server.Diagnostics;

namespace MiniStore.Server.Connections;

/// <summary>What <c>CLIENT REPLY</c> asked for.</summary>
internal enum ReplyMode : byte
{
    On,

    /// <summary>No replies until <c>CLIENT REPLY ON</c>.</summary>
    Off,

    /// <summary>No reply to the next command.</summary>
    SkipNext,
}

/// <summary>The state of one connection: one TCP connection is one session (protocol.md A.3).</summary>
internal sealed class Session
{
    /// <summary>Redis's limits on a RESP frame from a client that has not authenticated.</summary>
    private const int PreAuthMaxArrayElements = 10;
    private const int PreAuthMaxBulkBytes = 16 * 1024;

    private static long _nextClientId;

    private readonly ConnectionContext? _connection;
    private DiscardWriter? _discard;
    private bool _killed;
    private Suspension? _suspension;

    public Session(ConnectionContext? connection, long createdAt)
    {
        _connection = connection;
        ClientId = Interlocked.Increment(ref _nextClientId);
        Remote = connection?.RemoteEndPoint;
        CreatedAt = createdAt;
        LastInteraction = createdAt;
        Reader = new RequestReader(ServerSettings.PreAuthMaxRequestBytes)
        {
            MaxArrayElements = PreAuthMaxArrayElements,
            MaxBulkBytes = PreAuthMaxBulkBytes,
        };
    }

    /// <summary>Kestrel's connection id, for logs; read only when a log line needs it (Kestrel makes the string on first read).</summary>
    public string Id => _connection?.ConnectionId ?? string.Empty;

    /// <summary>CLIENT ID / HELLO's id: a number, unique for the life of the process.</summary>
    public long ClientId { get; }

    public EndPoint? Remote { get; }

    /// <summary>Read when asked (CLIENT LIST): the epoll transport asks the kernel for it.</summary>
    public EndPoint? Local => _connection?.LocalEndPoint;

    /// <summary>
    /// The socket's file descriptor, for CLIENT LIST; -1 when the transport has none. Read only when asked: reading a
    /// socket's handle marks it as exposed to native code, which is not free for every connection.
    /// </summary>
    public long Fd => _connection?.Features.Get<Transport.IConnectionFileDescriptorFeature>()?.Fd
        ?? (_connection?.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket ? (long)socket.Handle : -1);

    public long CreatedAt { get; }

    /// <summary>When the connection last sent a batch (a <see cref="TimeProvider"/> timestamp), for CLIENT LIST's idle.</summary>
    public long LastInteraction { get; set; }

    /// <summary>The last command's name as CLIENT LIST shows it (<c>get</c>, <c>client|list</c>); <c>NULL</c> before any.</summary>
    public string LastCommand { get; set; } = "NULL";

    public RequestReader Reader { get; }

    public bool IsAuthenticated { get; private set; }

    /// <summary>
    /// The connection's dialect (protocol.md v2): it starts in the line dialect and switches to RESP for good at its
    /// first RESP array, AUTH or HELLO. On a RESP connection a line is a Redis inline command, answered in RESP.
    /// </summary>
    public bool IsResp { get; private set; }

    public int FailedAuthAttempts { get; set; }

    /// <summary>2 or 3; HELLO 3 switches RESP replies to RESP3 for the rest of the connection.</summary>
    public int RespVersion { get; set; } = 2;

    public string? ClientName { get; set; }

    public ReplyMode ReplyMode { get; set; }

    /// <summary>CLIENT NO-EVICT: recorded and reported; MiniStore never evicts clients.</summary>
    public bool NoEvict { get; set; }

    /// <summary>Set once the connection has sent MONITOR.</summary>
    public bool IsMonitor { get; set; }

    /// <summary>The channels and patterns the connection listens to; null until its first (P)SUBSCRIBE.</summary>
    public PubSub.Subscriptions? Subscriptions { get; set; }

    /// <summary>Writes from other components (MONITOR, pub/sub messages), drained by the connection's own loop; null until needed.</summary>
    public Outbox? Outbox { get; private set; }

    /// <summary>What the command that returned <see cref="Commands.CommandOutcome.Suspend"/> waits for (read by CLIENT UNBLOCK from other connections).</summary>
    public Suspension? Suspension
    {
        get => Volatile.Read(ref _suspension);
        set => Volatile.Write(ref _suspension, value);
    }

    /// <summary>MULTI's queue and the keys WATCHed; null until the connection first sends MULTI or WATCH.</summary>
    public Transactions.TransactionState? Transaction { get; set; }

    /// <summary>Whether the connection has sent MULTI and not yet EXEC or DISCARD.</summary>
    public bool InMulti => Transaction is { InMulti: true };

    /// <summary>Set while EXEC runs the queue: blocking commands answer at once instead of waiting (as Redis).</summary>
    public bool IsExecuting { get; set; }

    /// <summary>Whether the connection waits in a blocking command (BLPOP...): CLIENT LIST's <c>b</c> flag.</summary>
    public bool IsBlocked => Suspension is Blocking.BlockedPop { IsWaiting: true };

    /// <summary>Fires when the connection closes, so a command waiting for others (BLPOP) lets go of its wait lists.</summary>
    public CancellationToken Closed => _connection?.ConnectionClosed ?? CancellationToken.None;

    /// <summary>Where replies go while CLIENT REPLY silences them.</summary>
    public DiscardWriter Discard => _discard ??= new DiscardWriter();

    /// <summary>The <see cref="ServerConfig.Version"/> whose limits the reader has.</summary>
    public int ConfigVersion { get; set; } = -1;

    public SessionCounters Counters;

    public void SwitchToResp() => IsResp = true;

    public void Authenticate() => IsAuthenticated = true;

    /// <summary>Applies the live limits to an authenticated connection's reader.</summary>
    public void ApplyLimits(ServerConfig config)
    {
        ConfigVersion = config.Version;
        Reader.MaxRequestBytes = config.MaxRequestBytes;
        Reader.MaxArrayElements = int.MaxValue;
        Reader.MaxBulkBytes = config.ProtoMaxBulkLen;
        Reader.MaxRespFrameBytes = RequestReader.MaxRequestBytesLimit;
    }

    public Outbox OpenOutbox(long limitBytes, OutboxSoftLimit? softLimit = null) =>
        Outbox ??= new Outbox(_connection?.Transport.Input ?? throw new InvalidOperationException("The session has no connection."), limitBytes, softLimit);

    /// <summary>Set by <see cref="Kill"/>: the connection is going away and is no longer listed or matched.</summary>
    public bool IsKilled => Volatile.Read(ref _killed);

    /// <summary>Closes the connection from any thread (CLIENT KILL, an outbox past its limit).</summary>
    public void Kill(string reason)
    {
        Volatile.Write(ref _killed, true);
        _connection?.Abort(new ConnectionAbortedException(reason));
    }
}
