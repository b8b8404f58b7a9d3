using MiniStore.Protocol;

namespace MiniStore.Client;

/// <summary>Where to connect and how to talk. Immutable; use <c>with</c> to vary one.</summary>
public sealed record MiniStoreClientOptions
{
    public const int DefaultPort = 8080;

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = DefaultPort;

    /// <summary>Sent with <c>PASS</c> (line) or <c>AUTH</c> (RESP) right after connecting; null to skip.</summary>
    public string? Password { get; init; }

    /// <summary>The line protocol (protocol.md A) or RESP2 (B). Both reach the same commands.</summary>
    public WireFormat Protocol { get; init; } = WireFormat.Line;

    /// <summary>
    /// How long a request may wait for its reply. When the oldest request outlives it the connection is failed:
    /// see <see cref="MiniStoreClient"/> for why. <see cref="Timeout.InfiniteTimeSpan"/> disables it.
    /// </summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connect with TLS (the server's <c>--tls-port</c>); null: plain TCP.</summary>
    public MiniStoreTlsOptions? Tls { get; init; }

    /// <summary>The clock of the reply timeout; tests pass a fake one to make timeouts happen without waiting.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (DefaultTimeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultTimeout, TimeSpan.Zero);
        }

        if (!Enum.IsDefined(Protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(Protocol), Protocol, "Line or Resp.");
        }
    }
}
