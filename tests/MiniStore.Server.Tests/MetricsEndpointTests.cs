using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace MiniStore.Server.Tests;

/// <summary>
/// --metrics-port: /metrics scraped and parsed as Prometheus text, and /healthz. In the allocation tests' collection:
/// the exporter listens to every MiniStore meter in the process, which would add allocations to their measurements.
/// </summary>
[Collection(nameof(AllocationTests))]
public sealed partial class MetricsEndpointTests
{
    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex Label();

    /// <summary>Parses the text exposition format strictly: every line a comment, a blank, or a well-formed sample of a declared family.</summary>
    private static List<Sample> Parse(string text)
    {
        var declared = new HashSet<string>();
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                declared.Add(parts[2]);
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: '{line}'");
            var name = match.Groups["name"].Value;
            Assert.True(
                declared.Contains(name) || declared.Any(family => name.StartsWith(family + "_", StringComparison.Ordinal)) || name == "target_info",
                $"sample {name} has no # TYPE before it");
            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            var value = match.Groups["value"].Value;
            samples.Add(new Sample(name, labels, value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    [Fact]
    public async Task Metrics_are_scraped_in_prometheus_text_format_with_the_store_runtime_and_kestrel_metrics()
    {
        await using var server = await InProcessServer.StartAsync(settings: new ServerSettings { MetricsPort = 0 });
        await using (var client = await RespClient.ConnectAsync(server.Port))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal("OK", await client.CommandAsync("SET", $"k{i}", "v"));
            }

            Assert.Equal("v", await client.CommandAsync("GET", "k1"));
            Assert.Null(await client.CommandAsync("GET", "missing"));
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.MetricsPort}") };
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        var samples = Parse(await response.Content.ReadAsStringAsync());

        double Value(string name, string? command = null) =>
            Assert.Single(samples, s => s.Name == name && (command is null || s.Labels.GetValueOrDefault("command") == command)).Value;

        Assert.Equal(3, Value("ministore_commands_total", "SET"));
        Assert.Equal(2, Value("ministore_commands_total", "GET"));
        Assert.Equal(3, Value("ministore_keys"));
        Assert.Equal(1, Value("ministore_keyspace_hits_total"));
        Assert.Equal(1, Value("ministore_keyspace_misses_total"));
        Assert.Equal(0, Value("ministore_connections_rejected_total"));
        Assert.True(Value("dotnet_process_cpu_count") >= 1);
        Assert.Contains(samples, s => s.Name == "dotnet_gc_heap_total_allocated_bytes_total" && s.Value > 0);
        Assert.Contains(samples, s => s.Name.StartsWith("kestrel_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Healthz_is_healthy_while_serving_and_the_store_port_does_not_speak_http()
    {
        await using var server = await InProcessServer.StartAsync(settings: new ServerSettings { MetricsPort = 0 });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        using var health = await http.GetAsync($"http://127.0.0.1:{server.MetricsPort}/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        using var unknown = await http.GetAsync($"http://127.0.0.1:{server.MetricsPort}/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // An HTTP request on the store's port is just a bad line-protocol request, never routed to /metrics.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{server.Port}/metrics"));
    }

    [Theory]
    [InlineData("--metrics-port", "0")]
    [InlineData("--metrics-port", "8080")]
    public async Task A_bad_metrics_port_is_one_line_and_exit_code_2(string flag, string value)
    {
        var (code, _, stderr) = await ServerProcess.RunAsync("pw", flag, value);
        Assert.Equal(2, code);
        Assert.StartsWith("ministore: invalid --metrics-port", stderr, StringComparison.Ordinal);
    }
}
