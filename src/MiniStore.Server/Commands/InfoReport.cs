using System.Globalization;
using System.Text;
using MiniStore.Core;
using MiniStore.Server.Connections;
using MiniStore.Server.Diagnostics;
using MiniStore.Server.Hosting;

namespace MiniStore.Server.Commands;

/// <summary>
/// INFO, in the line protocol's one-line <c>name=value</c> form and in Redis's sectioned <c>name:value</c> text.
/// Built per call (INFO is not a hot path). <c>redis_version</c> is the Redis version whose command semantics
/// we follow: clients such as StackExchange.Redis read it to decide which commands they may send.
/// </summary>
internal sealed class InfoReport(KeyStore store, ServerMetrics metrics, ListeningPort port, ClientPause pause)
{
    public const string CompatibleRedisVersion = "7.0.0";

    public string Line()
    {
        var stats = store.GetStats();
        var fields = new (string Name, object Value)[]
        {
            ("version", ServerMetrics.Version),
            ("uptime_seconds", (long)metrics.Uptime.TotalSeconds),
            ("connected_clients", metrics.ConnectedClients),
            ("authenticated_clients", metrics.AuthenticatedClients),
            ("keys", stats.Keys),
            ("keys_with_expiry", stats.KeysWithExpiry),
            ("expired_keys", stats.ExpiredKeys),
            ("evicted_keys", stats.EvictedKeys),
            ("used_memory", stats.UsedBytes),
            ("maxmemory", stats.MaxBytes),
            ("maxmemory_policy", PolicyName(stats)),
            ("total_commands", metrics.TotalCommands),
            ("keyspace_hits", metrics.KeyspaceHits),
            ("keyspace_misses", metrics.KeyspaceMisses),
            ("auth_failures", metrics.AuthFailures),
        };
        return string.Join(' ', fields.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}={f.Value}")));
    }

    /// <summary>
    /// Redis-style text for the named sections (case-insensitive; several at once, as Redis 7). None, <c>default</c>,
    /// <c>all</c> or <c>everything</c> mean every section MiniStore has; an unknown name adds nothing.
    /// </summary>
    public string Resp(IReadOnlyCollection<string> names)
    {
        var stats = store.GetStats();
        var uptime = (long)metrics.Uptime.TotalSeconds;
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var startedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - uptime;
        var sections = new (string Name, (string Key, object Value)[] Fields)[]
        {
            ("Server", [
                ("redis_version", CompatibleRedisVersion),
                ("ministore_version", ServerMetrics.Version),
                ("redis_mode", "standalone"),
                ("os", Environment.OSVersion.VersionString),
                ("arch_bits", IntPtr.Size * 8),
                ("process_id", Environment.ProcessId),
                ("tcp_port", port.Value),
                ("uptime_in_seconds", uptime),
                ("uptime_in_days", uptime / 86400),
            ]),
            ("Clients", [
                ("connected_clients", metrics.ConnectedClients),
                ("authenticated_clients", metrics.AuthenticatedClients),
                ("blocked_clients", pause.HeldClients),
            ]),
            ("Memory", [
                ("used_memory", stats.UsedBytes),
                ("used_memory_rss", process.WorkingSet64),
                ("maxmemory", stats.MaxBytes),
                ("maxmemory_policy", PolicyName(stats)),
            ]),
            ("Persistence", [
                ("loading", 0),
                ("rdb_changes_since_last_save", 0),
                ("rdb_bgsave_in_progress", 0),
                ("rdb_last_save_time", startedAt),
                ("aof_enabled", 0),
            ]),
            ("Stats", [
                ("total_connections_received", metrics.TotalConnections),
                ("total_commands_processed", metrics.TotalCommands),
                ("expired_keys", stats.ExpiredKeys),
                ("evicted_keys", stats.EvictedKeys),
                ("keyspace_hits", metrics.KeyspaceHits),
                ("keyspace_misses", metrics.KeyspaceMisses),
                ("auth_failures", metrics.AuthFailures),
            ]),
            ("Replication", [("role", "master"), ("connected_slaves", 0)]),
            ("CPU", [
                ("used_cpu_sys", Seconds(process.PrivilegedProcessorTime)),
                ("used_cpu_user", Seconds(process.UserProcessorTime)),
                ("used_cpu_sys_children", Seconds(TimeSpan.Zero)),
                ("used_cpu_user_children", Seconds(TimeSpan.Zero)),
            ]),
            ("Cluster", [("cluster_enabled", 0)]),
            ("Keyspace", stats.Keys > 0 ? [("db0", $"keys={stats.Keys},expires={stats.KeysWithExpiry},avg_ttl=0")] : []),
        };

        var all = names.Count == 0 || names.Any(n => n.ToLowerInvariant() is "all" or "everything" or "default");
        var text = new StringBuilder();
        foreach (var (name, fields) in sections)
        {
            if (!all && !names.Any(n => name.Equals(n, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append("\r\n");
            }

            text.Append("# ").Append(name).Append("\r\n");
            foreach (var (key, value) in fields)
            {
                text.Append(key).Append(':').Append(CultureInfo.InvariantCulture, $"{value}").Append("\r\n");
            }
        }

        return text.ToString();
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F6", CultureInfo.InvariantCulture);

    private static string PolicyName(StoreStats stats) => stats.Policy.ToName();
}
