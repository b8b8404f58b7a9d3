using System.Globalization;
using System.Text;
using MiniStore.Core;
using MiniStore.Server.Diagnostics;
using MiniStore.Server.Hosting;

namespace MiniStore.Server.Commands;

/// <summary>
/// INFO, in the line protocol's one-line <c>name=value</c> form and in Redis's sectioned <c>name:value</c> text.
/// Built per call (INFO is not a hot path). <c>redis_version</c> is the Redis version whose command semantics
/// we follow: clients such as StackExchange.Redis read it to decide which commands they may send.
/// </summary>
internal sealed class InfoReport(KeyStore store, ServerMetrics metrics, ListeningPort port)
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

    /// <summary>Redis-style text; <paramref name="section"/> null, "all", "everything" or "default" means every section.</summary>
    public string Resp(string? section)
    {
        var stats = store.GetStats();
        var uptime = (long)metrics.Uptime.TotalSeconds;
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
            ("Clients", [("connected_clients", metrics.ConnectedClients), ("authenticated_clients", metrics.AuthenticatedClients)]),
            ("Memory", [
                ("used_memory", stats.UsedBytes),
                ("maxmemory", stats.MaxBytes),
                ("maxmemory_policy", PolicyName(stats)),
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
            ("Keyspace", stats.Keys > 0 ? [("db0", $"keys={stats.Keys},expires={stats.KeysWithExpiry},avg_ttl=0")] : []),
        };

        var all = section is null || section.Equals("all", StringComparison.OrdinalIgnoreCase)
            || section.Equals("everything", StringComparison.OrdinalIgnoreCase)
            || section.Equals("default", StringComparison.OrdinalIgnoreCase);
        var text = new StringBuilder();
        foreach (var (name, fields) in sections)
        {
            if (!all && !name.Equals(section, StringComparison.OrdinalIgnoreCase))
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

    private static string PolicyName(StoreStats stats) => stats.Policy.ToName();
}
