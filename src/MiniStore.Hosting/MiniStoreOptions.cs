using MiniStore.Core;

namespace MiniStore.Hosting;

/// <summary>The embedded store's settings: the same meaning and defaults as the server's flags.</summary>
public sealed class MiniStoreOptions
{
    /// <summary>What clients send with AUTH / PASS. Required; hashed with Argon2id at start, never kept.</summary>
    public string? Password { get; set; }

    /// <summary>--maxmemory in bytes; 0: no cap.</summary>
    public long MaxMemoryBytes { get; set; }

    /// <summary>--maxmemory-policy.</summary>
    public EvictionPolicy EvictionPolicy { get; set; } = EvictionPolicy.AllKeysLru;

    /// <summary>--maxclients.</summary>
    public int MaxClients { get; set; } = Server.ServerSettings.DefaultMaxClients;

    /// <summary>--timeout; zero: never.</summary>
    public TimeSpan IdleTimeout { get; set; }

    /// <summary>--auth-timeout; zero: never.</summary>
    public TimeSpan AuthTimeout { get; set; } = Server.ServerSettings.DefaultAuthTimeout;

    /// <summary>--max-request-bytes: the line dialect's largest request after authentication.</summary>
    public int MaxRequestBytes { get; set; } = Server.ServerSettings.DefaultMaxRequestBytes;
}
