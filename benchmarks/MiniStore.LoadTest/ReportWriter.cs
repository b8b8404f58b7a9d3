using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniStore.LoadTest;

/// <summary>Prints a <see cref="LoadReport"/> as plain text or JSON.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void WriteJson(LoadReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
    }

    public static void WriteHeader(LoadSettings settings, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var amount = settings.DurationSeconds is { } seconds ? Invariant($"{seconds:0.###} s") : Invariant($"{settings.Requests} requests");
        var ttl = settings.TtlSeconds is { } ttlSeconds ? Invariant($", EX {ttlSeconds}") : string.Empty;
        output.WriteLine(Invariant(
            $"{settings.Host}:{settings.Port} {settings.Protocol} protocol, {settings.Connections} connections, pipeline {settings.Pipeline}, {amount} per test (+{settings.Warmup} warm-up), keyspace {settings.Keyspace} {(settings.RandomKeys ? "random" : "sequential")}, value {settings.ValueSize} bytes{ttl}"));
    }

    public static void WriteTest(TestResult test, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(output);
        var l = test.LatencyMicros;
        var hits = test.Name.Contains("GET", StringComparison.Ordinal) || test.Name.StartsWith("MIXED", StringComparison.Ordinal)
            ? Invariant($", hits {test.Hits}")
            : string.Empty;
        output.WriteLine(Invariant($"{test.Name}: {test.Requests} requests in {test.Seconds:0.000} s = {test.RequestsPerSecond:0} req/s, errors {test.Errors}{hits}"));
        output.WriteLine(Invariant($"  latency us: min {l.Min:0} p50 {l.P50:0} p90 {l.P90:0} p99 {l.P99:0} p99.9 {l.P999:0} max {l.Max:0}"));
        output.WriteLine(Invariant($"  client CPU: {test.ClientCpuMicrosPerRequest:0.0} us/request, {test.ClientCpuShare:P0} of {Environment.ProcessorCount} cores"));
        foreach (var sample in test.ErrorSamples)
        {
            output.WriteLine("  error: " + sample);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
