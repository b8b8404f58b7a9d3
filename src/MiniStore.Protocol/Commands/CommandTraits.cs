namespace MiniStore.Protocol;

/// <summary>What a command is, as Redis 7's command table says it (COMMAND INFO shows them by Redis's names).</summary>
[Flags]
public enum CommandTraits : uint
{
    None = 0,

    /// <summary>May change the keyspace: CLIENT PAUSE WRITE holds it back.</summary>
    Write = 1 << 0,

    ReadOnly = 1 << 1,

    /// <summary>Refused when the memory cap is reached and nothing may be evicted.</summary>
    DenyOom = 1 << 2,

    /// <summary>Served before authentication.</summary>
    NoAuth = 1 << 3,

    /// <summary>Never shown to MONITOR (Redis also hides admin commands).</summary>
    Admin = 1 << 4,

    Fast = 1 << 5,
    NoScript = 1 << 6,
    Loading = 1 << 7,
    Stale = 1 << 8,
    AllowBusy = 1 << 9,

    /// <summary>Never shown to MONITOR: its arguments may carry a password.</summary>
    SkipMonitor = 1 << 10,

    /// <summary>MiniStore's own line-protocol command (PASS): not served over RESP, not in COMMAND's lists.</summary>
    LineOnly = 1 << 11,

    Pubsub = 1 << 12,

    /// <summary>May block the connection (BLPOP...).</summary>
    Blocking = 1 << 13,

    NoMandatoryKeys = 1 << 14,

    /// <summary>Refused inside MULTI.</summary>
    NoMulti = 1 << 15,

    /// <summary>Key positions depend on the arguments (Redis derives it from the key specs).</summary>
    MovableKeys = 1 << 16,

    /// <summary>Not logged by SLOWLOG (EXEC: its commands are, one by one).</summary>
    SkipSlowlog = 1 << 17,

    /// <summary>Refused while a replica loads its data asynchronously (Redis's no_async_loading; shown by COMMAND INFO only).</summary>
    NoAsyncLoading = 1 << 18,
}
