using System.Globalization;
using System.Text;

namespace MiniStore.Testing;

/// <summary>One backend of a twemproxy pool: its node name (what ketama hashes) and its loopback port.</summary>
public sealed record TwemproxyServer(string Name, int Port);

/// <summary>
/// A twemproxy (nutcracker) server pool for tests: the shape of deploy/twemproxy/nutcracker.yml with test-sized
/// timings. Keys are hashed by node name, not address, so a node restarted elsewhere keeps its keys' slots.
/// </summary>
public sealed record TwemproxyPool(IReadOnlyList<TwemproxyServer> Servers, string Password)
{
    /// <summary>
    /// How long a request may wait for a backend. Long on purpose: a node that is down refuses connections at once,
    /// so only a slow but healthy node (a loaded CI machine) could hit it, and that must not be ejected.
    /// </summary>
    public int TimeoutMilliseconds { get; init; } = 10_000;

    /// <summary>How long an ejected node stays out of the ring before twemproxy tries it again.</summary>
    public int ServerRetryTimeoutMilliseconds { get; init; } = 2_000;

    /// <summary>Consecutive failures that eject a node.</summary>
    public int ServerFailureLimit { get; init; } = 1;

    /// <summary>The configuration file for a proxy listening on 127.0.0.1:<paramref name="listenPort"/>.</summary>
    public string ToYaml(int listenPort)
    {
        // A double-quoted YAML scalar: quotes and backslashes would need escapes the tests never need.
        if (Password.Contains('"', StringComparison.Ordinal) || Password.Contains('\\', StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The pool password must not contain a double quote or a backslash.");
        }

        var yaml = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        yaml.AppendLine("ministore:");
        yaml.AppendLine(invariant, $"  listen: 127.0.0.1:{listenPort}");
        yaml.AppendLine("  redis: true");
        yaml.AppendLine(invariant, $"  redis_auth: \"{Password}\"");
        yaml.AppendLine("  hash: murmur");
        yaml.AppendLine("  distribution: ketama");
        yaml.AppendLine("  hash_tag: \"{}\"");
        yaml.AppendLine("  auto_eject_hosts: true");
        yaml.AppendLine(invariant, $"  server_retry_timeout: {ServerRetryTimeoutMilliseconds}");
        yaml.AppendLine(invariant, $"  server_failure_limit: {ServerFailureLimit}");
        yaml.AppendLine(invariant, $"  timeout: {TimeoutMilliseconds}");
        yaml.AppendLine("  server_connections: 1");
        yaml.AppendLine("  servers:");
        foreach (var server in Servers)
        {
            yaml.AppendLine(invariant, $"    - 127.0.0.1:{server.Port}:1 {server.Name}");
        }

        return yaml.ToString();
    }
}
