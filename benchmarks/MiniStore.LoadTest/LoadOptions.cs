using System.Diagnostics.CodeAnalysis;
using MiniStore.Protocol;

namespace MiniStore.LoadTest;

/// <summary>The tests the generator can run, in the order given on the command line.</summary>
public enum LoadTestKind
{
    Ping,
    Set,
    Get,

    /// <summary>SET and GET interleaved by <see cref="LoadOptions.SetRatio"/> : <see cref="LoadOptions.GetRatio"/>.</summary>
    Mixed,

    [SuppressMessage("Naming", "CA1711", Justification = "GETEX is the command's name.")]
    GetEx,
    Del,
}

/// <summary>One load run: where, how hard, and what. Validated by <see cref="LoadCommandLine"/>.</summary>
public sealed record LoadOptions
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8080;

    public string? Password { get; init; }

    public WireFormat Protocol { get; init; } = WireFormat.Line;

    /// <summary>Connect with TLS; null: plain TCP.</summary>
    public MiniStore.Client.MiniStoreTlsOptions? Tls { get; init; }

    public int Connections { get; init; } = 50;

    /// <summary>Requests per test; ignored when <see cref="Duration"/> is set.</summary>
    public long Requests { get; init; } = 100_000;

    /// <summary>Run each test for this long instead of a number of requests.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Requests each connection sends before waiting for their replies (redis-benchmark's -P).</summary>
    public int Pipeline { get; init; } = 1;

    public IReadOnlyList<LoadTestKind> Tests { get; init; } = [LoadTestKind.Set, LoadTestKind.Get];

    public int SetRatio { get; init; } = 1;

    public int GetRatio { get; init; } = 10;

    /// <summary>Keys are <c>key:000000000000</c> .. keyspace-1.</summary>
    public int Keyspace { get; init; } = 100_000;

    /// <summary>Uniformly random keys instead of walking the keyspace in order.</summary>
    public bool RandomKeys { get; init; }

    public int ValueSize { get; init; } = 3;

    /// <summary>EX seconds on every SET (and GETEX); null for none.</summary>
    public int? TtlSeconds { get; init; }

    /// <summary>Requests per second across all connections, paced from each pass's start; null: unpaced.</summary>
    public double? RequestsPerSecond { get; init; }

    /// <summary>Requests run (and checked) before each test's measurement starts, so the JIT and pools are warm.</summary>
    public long Warmup { get; init; } = 10_000;

    public int Seed { get; init; } = 42;
}
