namespace MiniStore.LoadTest;

/// <summary>Latency percentiles of one test, in microseconds.</summary>
public sealed record LatencySummary(double Min, double P50, double P90, double P99, double P999, double Max);

/// <summary>The measured part of one test.</summary>
/// <param name="Name">The test, upper case (<c>SET</c>, <c>MIXED 1:10</c>).</param>
/// <param name="Requests">Replies received and checked.</param>
/// <param name="Errors">Error replies and wrong replies; any makes the run fail.</param>
/// <param name="ErrorSamples">The first few errors, as text.</param>
/// <param name="Seconds">Wall time of the measured pass.</param>
/// <param name="RequestsPerSecond"><paramref name="Requests"/> over <paramref name="Seconds"/>.</param>
/// <param name="LatencyMicros">From the send of a request's batch to its checked reply.</param>
/// <param name="Hits">GET / GETEX / mixed: replies that carried a value.</param>
/// <param name="ClientCpuMicrosPerRequest">The generator's own CPU time (all its threads) per request.</param>
/// <param name="ClientCpuShare">The generator's CPU time over the test's wall time times the core count: the share of the machine it used.</param>
public sealed record TestResult(
    string Name,
    long Requests,
    long Errors,
    IReadOnlyList<string> ErrorSamples,
    long Hits,
    double Seconds,
    double RequestsPerSecond,
    LatencySummary LatencyMicros,
    double ClientCpuMicrosPerRequest,
    double ClientCpuShare);

/// <summary>A whole run: the settings (never the password) and one result per test.</summary>
public sealed record LoadReport(LoadSettings Settings, IReadOnlyList<TestResult> Tests, string? Failure)
{
    public bool Succeeded => Failure is null && Tests.All(test => test.Errors == 0);
}

/// <summary>What the run was asked to do, as reported.</summary>
public sealed record LoadSettings(
    string Host,
    int Port,
    string Protocol,
    int Connections,
    long? Requests,
    double? DurationSeconds,
    int Pipeline,
    int Keyspace,
    bool RandomKeys,
    int ValueSize,
    int? TtlSeconds,
    double? RequestsPerSecond,
    long Warmup,
    int ProcessorCount)
{
    public static LoadSettings From(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(
            options.Host,
            options.Port,
            options.Protocol.ToString().ToLowerInvariant(),
            options.Connections,
            options.Duration is null ? options.Requests : null,
            options.Duration?.TotalSeconds,
            options.Pipeline,
            options.Keyspace,
            options.RandomKeys,
            options.ValueSize,
            options.TtlSeconds,
            options.RequestsPerSecond,
            options.Warmup,
            Environment.ProcessorCount);
    }
}
