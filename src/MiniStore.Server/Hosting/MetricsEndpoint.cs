using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MiniStore.Server.Diagnostics;
using OpenTelemetry.Metrics;

namespace MiniStore.Server.Hosting;

/// <summary>
/// <c>--metrics-port</c>: an HTTP endpoint of the same Kestrel host serving <c>/metrics</c> (Prometheus text format,
/// by OpenTelemetry's exporter: the MiniStore meter, the runtime's and Kestrel's) and <c>/healthz</c>. Only that
/// endpoint speaks HTTP; the store's ports keep their own connection pipeline.
/// </summary>
internal static class MetricsEndpoint
{
    public const string MetricsPath = "/metrics";
    public const string HealthPath = "/healthz";

    /// <summary>The meters exported: ours, the runtime's (GC, heap, thread pool, exceptions) and Kestrel's (connections, TLS handshakes).</summary>
    public static readonly string[] Meters = [ServerMetrics.MeterName, "System.Runtime", "Microsoft.AspNetCore.Server.Kestrel"];

    public static void AddServices(IServiceCollection services)
    {
        services.AddRouting();
        services.AddHealthChecks().AddCheck<ServingCheck>("serving");
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(Meters)
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>Maps the two paths (only the metrics port has an HTTP pipeline to reach them).</summary>
    public static void Map(WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        app.MapHealthChecks(HealthPath);
    }

    /// <summary>Healthy while the server runs; unhealthy once it is shutting down, so a balancer stops sending clients.</summary>
    private sealed class ServingCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Unhealthy("shutting down")
                : HealthCheckResult.Healthy("serving"));
    }
}
