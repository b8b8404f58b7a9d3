namespace MiniStore.Server;

/// <summary>
/// The settings CONFIG SET may change while the server runs (the store's memory cap and policy live in the store).
/// Connections compare <see cref="Version"/> once per batch and re-apply limits when it moved, so a change reaches
/// every connection without a lock on the request path.
/// </summary>
public sealed class ServerConfig(ServerSettings settings)
{
    private int _protoMaxBulkLen = settings.ProtoMaxBulkLen;
    private int _version;
    private int _maxClients = settings.MaxClients;
    private long _idleTimeoutSeconds = (long)settings.IdleTimeout.TotalSeconds;

    public int Version => Volatile.Read(ref _version);

    /// <summary>The line dialect's largest request after authentication.</summary>
    public int MaxRequestBytes { get; } = settings.MaxRequestBytes;

    /// <summary>RESP's largest bulk string after authentication (Redis's proto-max-bulk-len).</summary>
    public int ProtoMaxBulkLen => Volatile.Read(ref _protoMaxBulkLen);

    public void SetProtoMaxBulkLen(int value)
    {
        Volatile.Write(ref _protoMaxBulkLen, value);
        Interlocked.Increment(ref _version);
    }

    /// <summary>Redis's maxclients; CONFIG SET changes it for connections still to come.</summary>
    public int MaxClients => Volatile.Read(ref _maxClients);

    /// <summary>Redis's timeout in seconds (0: never); CONFIG SET changes it live.</summary>
    public long IdleTimeoutSeconds => Volatile.Read(ref _idleTimeoutSeconds);

    /// <summary>How long a connection may stay unauthenticated (zero: forever).</summary>
    public TimeSpan AuthTimeout { get; } = settings.AuthTimeout;

    public void SetMaxClients(int value) => Volatile.Write(ref _maxClients, value);

    public void SetIdleTimeoutSeconds(long value) => Volatile.Write(ref _idleTimeoutSeconds, value);
}
