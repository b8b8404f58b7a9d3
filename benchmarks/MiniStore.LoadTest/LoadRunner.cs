using System.Diagnostics;
using HdrHistogram;
using MiniStore.Client;

namespace MiniStore.LoadTest;

/// <summary>
/// Runs a load test in-process and returns its figures: opens the connections, then for each test a warm-up
/// pass and a measured pass. The console front end and the tests both call this; nothing here prints except
/// the optional progress line.
/// </summary>
public static class LoadRunner
{
    /// <exception cref="LoadTestException">The server cannot be reached or refused the password.</exception>
    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clients = await ConnectAllAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            var keyspace = new Keyspace(options.Keyspace, options.ValueSize);
            var results = new List<TestResult>();
            string? failure = null;
            foreach (var kind in options.Tests)
            {
                var name = kind == LoadTestKind.Mixed ? $"MIXED {options.SetRatio}:{options.GetRatio}" : kind.ToString().ToUpperInvariant();
                LoadPhase? warmup = null;
                if (options.Warmup > 0)
                {
                    // Checked like the real pass (its errors count), but neither timed nor reported on its own.
                    warmup = new LoadPhase(kind, options.Warmup, duration: null);
                    await RunPhaseAsync(clients, options, keyspace, warmup, progress: null, name).ConfigureAwait(false);
                    if (warmup.ConnectionLost)
                    {
                        results.Add(Summarize(name, warmup, [], TimeSpan.Zero, TimeSpan.Zero));
                        failure = "connection lost";
                        break;
                    }
                }

                var phase = new LoadPhase(kind, options.Requests, options.Duration, options.RequestsPerSecond);
                phase.AddErrorsFrom(warmup);
                var cpuBefore = Environment.CpuUsage.TotalTime;
                var started = Stopwatch.GetTimestamp();
                var workers = await RunPhaseAsync(clients, options, keyspace, phase, progress, name).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started);
                var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
                results.Add(Summarize(name, phase, workers, elapsed, cpu));
                if (phase.ConnectionLost)
                {
                    failure = "connection lost";
                    break;
                }
            }

            return new LoadReport(LoadSettings.From(options), results, failure);
        }
        finally
        {
            await Task.WhenAll(clients.Select(client => client.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }

    private static async Task<MiniStoreClient[]> ConnectAllAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var clientOptions = new MiniStoreClientOptions
        {
            Host = options.Host,
            Port = options.Port,
            Password = options.Password,
            Protocol = options.Protocol,
            Tls = options.Tls,

            // Fifty connections authenticating at once queue behind the server's Argon2 gate.
            DefaultTimeout = TimeSpan.FromSeconds(30),
        };
        var connecting = Enumerable.Range(0, options.Connections)
            .Select(_ => MiniStoreClient.ConnectAsync(clientOptions, cancellationToken))
            .ToArray();
        try
        {
            return await Task.WhenAll(connecting).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MiniStoreException)
        {
            await Task.WhenAll(connecting.Where(task => task.IsCompletedSuccessfully).Select(task => task.Result.DisposeAsync().AsTask())).ConfigureAwait(false);
            throw ex is MiniStoreServerException server
                ? new LoadTestException($"authentication failed: {server.ServerMessage}", ex)
                : new LoadTestException(ex.Message, ex);
        }
    }

    private static async Task<LoadWorker[]> RunPhaseAsync(
        MiniStoreClient[] clients,
        LoadOptions options,
        Keyspace keyspace,
        LoadPhase phase,
        TextWriter? progress,
        string name)
    {
        var workers = clients.Select((client, index) => new LoadWorker(client, options, keyspace, index)).ToArray();
        using var line = progress is null ? null : new ProgressLine(progress, name, phase, options.Duration is null ? options.Requests : null);
        await Task.WhenAll(workers.Select(worker => Task.Run(() => worker.RunAsync(phase)))).ConfigureAwait(false);
        return workers;
    }

    private static TestResult Summarize(string name, LoadPhase phase, LoadWorker[] workers, TimeSpan elapsed, TimeSpan cpu)
    {
        var histogram = new LongHistogram(TimeStamp.Minutes(10), 3);
        foreach (var worker in workers)
        {
            histogram.Add(worker.Histogram);
        }

        var ticksPerMicrosecond = Stopwatch.Frequency / 1_000_000.0;
        double At(double percentile) => histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / ticksPerMicrosecond;
        var latency = new LatencySummary(
            histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(0) / ticksPerMicrosecond,
            At(50),
            At(90),
            At(99),
            At(99.9),
            histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / ticksPerMicrosecond);
        var requests = phase.Completed;
        var seconds = elapsed.TotalSeconds;
        return new TestResult(
            name,
            requests,
            phase.Errors,
            phase.ErrorSamples,
            phase.Hits,
            seconds,
            seconds > 0 ? requests / seconds : 0,
            latency,
            requests > 0 ? cpu.TotalMicroseconds / requests : 0,
            seconds > 0 ? cpu.TotalSeconds / (seconds * Environment.ProcessorCount) : 0);
    }
}
