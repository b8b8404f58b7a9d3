using System.CommandLine;

namespace MiniStore.Server.CommandLine;

/// <summary>--metrics-port: the HTTP endpoint for Prometheus and health probes.</summary>
internal sealed class MetricsCommandLine
{
    private readonly Option<int?> _metricsPort = new("--metrics-port")
    {
        Description = "Serve /metrics (Prometheus text format) and /healthz over HTTP on this port, on the --bind address.",
        HelpName = "port",
    };

    public IEnumerable<Option> Options => [_metricsPort];

    /// <summary>Applies the flag to <paramref name="settings"/>, or returns null and an error.</summary>
    public ServerSettings? Apply(ParseResult parse, ServerSettings settings, out string? error)
    {
        error = null;
        var port = parse.GetValue(_metricsPort);
        if (port is < 1 or > 65535)
        {
            error = $"invalid --metrics-port {port}: expected 1-65535";
            return null;
        }

        if (port is not null && (port == settings.Port || port == settings.Tls?.Port))
        {
            error = $"invalid --metrics-port {port}: it is already the store's port";
            return null;
        }

        return settings with { MetricsPort = port };
    }
}
