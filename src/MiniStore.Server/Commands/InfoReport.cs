using System.Globalization;
using System.Text;
using MiniStore.Core;
using MiniStore.Persistence;
using MiniStore.Server.Connections;
using MiniStore.Server.Diagnostics;
using MiniStore.Server.Hosting;

namespace MiniStore.Server.Commands;

/// <summary>
/// INFO, in the line protocol's one-line <c>name=value</c> form and in Redis's sectioned <c>name:value</c> text.
/// Built per call (INFO is not a hot path). <c>redis_version</c> is the Redis version whose command semantics
/// we follow: clients such as StackExchange.Redis read it to decide which commands they may send.
/// </summary>
internal sealed class InfoReport(KeyStore store, ServerMetrics metrics, ListeningPort port, ClientPause pause, Blocking.BlockingRegistry blocking, ServerConfig config, SnapshotService snapshots)
{
    public const string CompatibleRedisVersion = "7.0.0";

    /// <summary>The line protocol's INFO: one line of <c>name=value</c> pairs, the fields that have a line name.</summary>
    public string Line() =>
        string.Join(' ', Fields().Where(f => f.LineName is not null)
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.LineName}={f.Value}")));

    /// <summary>
    /// Redis-style text for the named sections (case-insensitive; several at once, as Redis 7). None, <c>default</c>,
    /// <c>all</c> or <c>everything</c> mean every section MiniStore has; an unknown name adds nothing.
    /// </summary>
    public string Resp(IReadOnlyCollection<string> names)
    {
        var all = names.Count == 0 || names.Any(n => n.ToLowerInvariant() is "all" or "everything" or "default");
        var text = new StringBuilder();
        foreach (var section in Fields().Where(f => f.RespName is not null).GroupBy(f => f.Section))
        {
            if (!all && !names.Any(n => section.Key.Equals(n, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append("\r\n");
            }

            text.Append("# ").Append(section.Key).Append("\r\n");
            foreach (var field in section)
            {
                text.Append(field.RespName).Append(':').Append(CultureInfo.InvariantCulture, $"{field.Value}").Append("\r\n");
            }
        }

        if (all || names.Any(n => n.Equals("keyspace", StringComparison.OrdinalIgnoreCase)))
        {
            // Redis shows the section even with no keys; its one line only when the database has some.
            var stats = store.PeekStats();
            text.Append(text.Length > 0 ? "\r\n" : string.Empty).Append("# Keyspace\r\n");
            if (stats.Keys > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"db0:keys={stats.Keys},expires={stats.KeysWithExpiry},avg_ttl=0\r\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Every field, once, in Redis's section order: its Redis name (null: line protocol only), its line-protocol name
    /// (null: RESP only) and its value. Keys past their deadline are reclaimed first, so they are never counted.
    /// </summary>
    private List<InfoField> Fields()
    {
        var stats = store.GetStats();
        var uptime = (long)metrics.Uptime.TotalSeconds;
        // getrusage: no file to open, so INFO answers even when the process has run out of file descriptors.
        var cpu = Environment.CpuUsage;
        return
        [
            new("Server", "redis_version", null, CompatibleRedisVersion),
            new("Server", "ministore_version", "version", ServerMetrics.Version),
            new("Server", "redis_mode", null, "standalone"),
            new("Server", "os", null, Environment.OSVersion.VersionString),
            new("Server", "arch_bits", null, IntPtr.Size * 8),
            new("Server", "process_id", null, Environment.ProcessId),
            new("Server", "tcp_port", null, port.Value),
            new("Server", "uptime_in_seconds", "uptime_seconds", uptime),
            new("Server", "uptime_in_days", null, uptime / 86400),
            new("Clients", "connected_clients", "connected_clients", metrics.ConnectedClients),
            new("Clients", "maxclients", null, config.MaxClients),
            new("Clients", "authenticated_clients", "authenticated_clients", metrics.AuthenticatedClients),
            new("Clients", "blocked_clients", null, pause.HeldClients + blocking.BlockedClients),
            new("Memory", "used_memory", "used_memory", stats.UsedBytes),
            new("Memory", "used_memory_rss", null, ResidentBytes()),
            new("Memory", "ministore_gc_heap_bytes", null, GC.GetTotalMemory(forceFullCollection: false)),
            new("Memory", "maxmemory", "maxmemory", stats.MaxBytes),
            new("Memory", "maxmemory_policy", "maxmemory_policy", stats.Policy.ToName()),

            // The file is loaded before the server listens, so no client ever sees loading:1.
            new("Persistence", "loading", null, 0),
            new("Persistence", "async_loading", null, 0),
            new("Persistence", "current_save_keys_processed", null, snapshots.BackgroundSaveInProgress ? snapshots.CurrentSaveKeysProcessed : 0),
            new("Persistence", "current_save_keys_total", null, snapshots.BackgroundSaveInProgress ? snapshots.CurrentSaveKeysTotal : 0),
            new("Persistence", "rdb_changes_since_last_save", null, snapshots.ChangesSinceLastSave),
            new("Persistence", "rdb_bgsave_in_progress", null, snapshots.BackgroundSaveInProgress ? 1 : 0),
            new("Persistence", "rdb_last_save_time", null, snapshots.LastSaveUnixSeconds),
            new("Persistence", "rdb_last_bgsave_status", null, snapshots.LastBackgroundSaveOk ? "ok" : "err"),
            new("Persistence", "rdb_last_bgsave_time_sec", null, snapshots.LastBackgroundSaveSeconds),
            new("Persistence", "rdb_current_bgsave_time_sec", null, snapshots.CurrentSaveSeconds),
            new("Persistence", "rdb_saves", null, snapshots.Saves),
            new("Persistence", "rdb_last_cow_size", null, 0),
            new("Persistence", "rdb_last_load_keys_expired", null, snapshots.LastLoad?.ExpiredKeys ?? 0),
            new("Persistence", "rdb_last_load_keys_loaded", null, snapshots.LastLoad?.KeysLoaded ?? 0),
            new("Persistence", "aof_enabled", null, 0),
            new("Stats", "total_connections_received", null, metrics.TotalConnections),
            new("Stats", "total_commands_processed", "total_commands", metrics.TotalCommands),
            new("Stats", "rejected_connections", "rejected_connections", metrics.RejectedConnections),
            new("Stats", "expired_keys", "expired_keys", stats.ExpiredKeys),
            new("Stats", "evicted_keys", "evicted_keys", stats.EvictedKeys),
            new("Stats", "keyspace_hits", "keyspace_hits", metrics.KeyspaceHits),
            new("Stats", "keyspace_misses", "keyspace_misses", metrics.KeyspaceMisses),
            new("Stats", "auth_failures", "auth_failures", metrics.AuthFailures),
            new("Replication", "role", null, "master"),
            new("Replication", "connected_slaves", null, 0),
            new("CPU", "used_cpu_sys", null, Seconds(cpu.PrivilegedTime)),
            new("CPU", "used_cpu_user", null, Seconds(cpu.UserTime)),
            new("CPU", "used_cpu_sys_children", null, Seconds(TimeSpan.Zero)),
            new("CPU", "used_cpu_user_children", null, Seconds(TimeSpan.Zero)),
            new("Cluster", "cluster_enabled", null, 0),
            new("Keyspace", null, "keys", stats.Keys),
            new("Keyspace", null, "keys_with_expiry", stats.KeysWithExpiry),
        ];
    }

    // Read from /proc: with every file descriptor in use (a flood of connections) it cannot be, and INFO says 0 rather
    // than failing the connection that asked.
    private static long ResidentBytes()
    {
        try
        {
            return Environment.WorkingSet;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return 0;
        }
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F6", CultureInfo.InvariantCulture);

    private sealed record InfoField(string Section, string? RespName, string? LineName, object Value);
}
