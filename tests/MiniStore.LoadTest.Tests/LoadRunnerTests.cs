using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MiniStore.LoadTest.Tests;

/// <summary>Short runs of the generator against the real in-process server, and against a server that lies.</summary>
public sealed class LoadRunnerTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ShortRunOfEveryTest_ChecksEveryReplyAndReportsRates()
    {
        var options = new LoadOptions
        {
            Port = _server.Port,
            Password = InProcessServer.Password,
            Connections = 4,
            Requests = 2_000,
            Pipeline = 8,
            Keyspace = 500,
            ValueSize = 40,
            Warmup = 100,
            Tests = [LoadTestKind.Ping, LoadTestKind.Set, LoadTestKind.Get, LoadTestKind.Mixed, LoadTestKind.GetEx, LoadTestKind.Del],
        };

        var report = await LoadRunner.RunAsync(options);

        Assert.True(report.Succeeded, string.Join("; ", report.Tests.SelectMany(test => test.ErrorSamples)));
        Assert.Equal(6, report.Tests.Count);
        Assert.All(report.Tests, test =>
        {
            Assert.Equal(2_000, test.Requests);
            Assert.True(test.RequestsPerSecond > 0);
            Assert.True(test.LatencyMicros.Max >= test.LatencyMicros.P50);
            Assert.True(test.ClientCpuMicrosPerRequest > 0);
        });
        Assert.Equal(2_000, report.Tests.Single(test => test.Name == "GET").Hits);
    }

    [Fact]
    public async Task ConsoleRun_ExitsZeroAndPrintsEachTest()
    {
        var (code, output, error) = await RunAppAsync("-p", Port, "-a", InProcessServer.Password, "-c", "2", "-n", "500", "-P", "4", "-t", "set,get", "--warmup", "0");

        Assert.Equal(LoadTestApp.ExitOk, code);
        Assert.Equal(string.Empty, error);
        Assert.Contains("SET: 500 requests", output, StringComparison.Ordinal);
        Assert.Contains("GET: 500 requests", output, StringComparison.Ordinal);
        Assert.Contains("p99.9", output, StringComparison.Ordinal);
        Assert.Contains("client CPU", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonRun_PrintsAParsableReportWithoutThePassword()
    {
        var (code, output, _) = await RunAppAsync("-p", Port, "-a", InProcessServer.Password, "-c", "2", "-n", "200", "-t", "ping", "--json", "--protocol", "line");

        Assert.Equal(LoadTestApp.ExitOk, code);
        using var json = JsonDocument.Parse(output);
        var test = json.RootElement.GetProperty("tests")[0];
        Assert.Equal("PING", test.GetProperty("name").GetString());
        Assert.True(test.GetProperty("requestsPerSecond").GetDouble() > 0);
        Assert.DoesNotContain(InProcessServer.Password, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DurationRun_RunsEachTestForItsTime()
    {
        var (code, output, error) = await RunAppAsync("-p", Port, "-a", InProcessServer.Password, "-c", "2", "-d", "0.2", "-t", "mixed", "--ratio", "1:3", "--random", "-r", "50", "--ttl", "100", "--warmup", "0");

        Assert.Equal((LoadTestApp.ExitOk, string.Empty), (code, error));
        Assert.Contains("MIXED 1:3: ", output, StringComparison.Ordinal);
        Assert.Contains("errors 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RatedRun_KeepsToItsRate()
    {
        // 60 requests at 100/s cannot be done in less than about 0.6 s, however fast the server: the pacing, not the
        // server's speed, is what is checked (a lower bound never fails because the machine is slow).
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var (code, output, error) = await RunAppAsync("-p", Port, "-a", InProcessServer.Password, "-c", "3", "-n", "60", "-t", "ping", "--rate", "100", "--warmup", "0", "--json");

        Assert.Equal((LoadTestApp.ExitOk, string.Empty), (code, error));
        Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.55));
        using var json = JsonDocument.Parse(output);
        Assert.Equal(100, json.RootElement.GetProperty("settings").GetProperty("requestsPerSecond").GetDouble());
        Assert.Equal(60, json.RootElement.GetProperty("tests")[0].GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task WrongPassword_OneErrorLineAndExitOne()
    {
        var (code, _, error) = await RunAppAsync("-p", Port, "-a", "wrong", "-c", "3", "-n", "10");

        Assert.Equal(LoadTestApp.ExitFailure, code);
        Assert.Equal("ministore-loadtest: authentication failed: ERR: invalid password", error.TrimEnd());
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("-c", "0")]
    [InlineData("-t", "set,fly")]
    [InlineData("--ratio", "1-10")]
    [InlineData("-n", "10", "-d", "5")]
    [InlineData("--protocol", "http")]
    [InlineData("--rate", "0")]
    public async Task BadFlags_OneLineOnStderrAndExitTwo(params string[] args)
    {
        var (code, output, error) = await RunAppAsync(args);

        Assert.Equal(LoadTestApp.ExitUsage, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task WrongValues_AreCountedAndFailTheRun()
    {
        // A "server" that answers OK to everything: SET looks fine, but GET of a key just written returns "OK".
        using var liar = new TcpListener(IPAddress.Loopback, 0);
        liar.Start();
        using var stop = new CancellationTokenSource();
        var serving = AnswerOkForeverAsync(liar, stop.Token);

        var (code, output, error) = await RunAppAsync("-p", ((IPEndPoint)liar.LocalEndpoint).Port.ToString(), "-c", "2", "-n", "50", "-t", "set,get", "--warmup", "0");

        Assert.Equal(LoadTestApp.ExitFailure, code);
        Assert.Contains("GET: 50 requests", output, StringComparison.Ordinal);
        Assert.Contains("errors 50", output, StringComparison.Ordinal);
        Assert.Contains("not the value written", output, StringComparison.Ordinal);
        Assert.Contains("50 wrong or error replies", error, StringComparison.Ordinal);
        await stop.CancelAsync();
        await serving;
    }

    private string Port => _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(int Code, string Output, string Error)> RunAppAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await LoadTestApp.RunAsync(args, output, error, showProgress: false, environment: _ => null);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task AnswerOkForeverAsync(TcpListener listener, CancellationToken stop)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(stop);
                connections.Add(AnswerOkAsync(socket));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(connections);
    }

    private static async Task AnswerOkAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                var lines = buffer.AsSpan(0, read).Count((byte)'\n');
                await socket.SendAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("OK\n", lines))), SocketFlags.None);
            }
        }
    }
}
