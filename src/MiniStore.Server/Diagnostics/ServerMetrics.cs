using System.Diagnostics.Metrics;
using System.Reflection;
using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Diagnostics;

/// <summary>
/// The server's own counters (for INFO) and the <c>MiniStore</c> meter (for dotnet-counters and OpenTelemetry).
/// Hot counters are added once per batch by the connection, not once per request, to keep shared cache
/// lines out of the request path.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "MiniStore";

    private static readonly KeyValuePair<string, object?>[] CommandTags = BuildCommandTags();

    private readonly Meter _meter;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _authFailures;
    private long _connectedClients;
    private long _authenticatedClients;
    private long _totalConnections;
    private long _totalCommands;
    private long _keyspaceHits;
    private long _keyspaceMisses;
    private long _authFailureCount;
    private long _rejectedConnections;

    public ServerMetrics(KeyStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        StartedAt = time.GetTimestamp();
        Time = time;
        _meter = new Meter(MeterName, Version);
        _commands = _meter.CreateCounter<long>("ministore.commands", "{command}", "Commands executed, by command name.");
        _hits = _meter.CreateCounter<long>("ministore.keyspace.hits", "{lookup}", "Reads that found the key.");
        _misses = _meter.CreateCounter<long>("ministore.keyspace.misses", "{lookup}", "Reads that did not find the key.");
        _authFailures = _meter.CreateCounter<long>("ministore.auth.failures", "{attempt}", "Wrong passwords.");
        _meter.CreateObservableUpDownCounter("ministore.connections", () => ConnectedClients, "{connection}", "Open client connections.");
        _meter.CreateObservableCounter("ministore.connections.rejected", () => RejectedConnections, "{connection}", "Connections refused because maxclients was reached.");
        _meter.CreateObservableCounter("ministore.keys.expired", () => store.PeekStats().ExpiredKeys, "{key}", "Keys reclaimed because their deadline passed.");
        _meter.CreateObservableUpDownCounter("ministore.keys", () => store.PeekStats().Keys, "{key}", "Live keys.");
    }

    public static string Version { get; } =
        typeof(ServerMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public TimeProvider Time { get; }

    public long StartedAt { get; }

    public long ConnectedClients => Volatile.Read(ref _connectedClients);

    /// <summary>Open connections that have authenticated.</summary>
    public long AuthenticatedClients => Volatile.Read(ref _authenticatedClients);

    public long TotalConnections => Volatile.Read(ref _totalConnections);

    public long TotalCommands => Volatile.Read(ref _totalCommands);

    public long KeyspaceHits => Volatile.Read(ref _keyspaceHits);

    public long KeyspaceMisses => Volatile.Read(ref _keyspaceMisses);

    public long AuthFailures => Volatile.Read(ref _authFailureCount);

    /// <summary>Redis's rejected_connections: refused at maxclients.</summary>
    public long RejectedConnections => Volatile.Read(ref _rejectedConnections);

    public void ConnectionRejected() => Interlocked.Increment(ref _rejectedConnections);

    public TimeSpan Uptime => Time.GetElapsedTime(StartedAt);

    public void ConnectionOpened()
    {
        Interlocked.Increment(ref _connectedClients);
        Interlocked.Increment(ref _totalConnections);
    }

    public void ConnectionClosed(bool wasAuthenticated)
    {
        Interlocked.Decrement(ref _connectedClients);
        if (wasAuthenticated)
        {
            Interlocked.Decrement(ref _authenticatedClients);
        }
    }

    public void ClientAuthenticated() => Interlocked.Increment(ref _authenticatedClients);

    /// <summary>Per-request meter tick; cheap when nobody listens.</summary>
    public void CommandExecuted(CommandId command)
    {
        if (_commands.Enabled)
        {
            _commands.Add(1, CommandTags[(int)command]);
        }
    }

    /// <summary>Adds a connection's batch of counts at once.</summary>
    internal void AddBatch(in SessionCounters counters)
    {
        if (counters.Commands != 0)
        {
            Interlocked.Add(ref _totalCommands, counters.Commands);
        }

        if (counters.Hits != 0)
        {
            Interlocked.Add(ref _keyspaceHits, counters.Hits);
            _hits.Add(counters.Hits);
        }

        if (counters.Misses != 0)
        {
            Interlocked.Add(ref _keyspaceMisses, counters.Misses);
            _misses.Add(counters.Misses);
        }
    }

    /// <summary>CONFIG RESETSTAT: zeroes the totals INFO reports (not the gauges such as connected clients).</summary>
    public void ResetStats()
    {
        Volatile.Write(ref _totalConnections, 0);
        Volatile.Write(ref _totalCommands, 0);
        Volatile.Write(ref _keyspaceHits, 0);
        Volatile.Write(ref _keyspaceMisses, 0);
        Volatile.Write(ref _authFailureCount, 0);
        Volatile.Write(ref _rejectedConnections, 0);
    }

    public void AuthFailed()
    {
        Interlocked.Increment(ref _authFailureCount);
        _authFailures.Add(1);
    }

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?>[] BuildCommandTags()
    {
        var ids = Enum.GetValues<CommandId>();
        var tags = new KeyValuePair<string, object?>[ids.Length];
        foreach (var id in ids)
        {
            var name = id == CommandId.Unknown ? "UNKNOWN" : CommandTable.Get(id).Name.ToUpperInvariant();
            tags[(int)id] = new KeyValuePair<string, object?>("command", name);
        }

        return tags;
    }
}
