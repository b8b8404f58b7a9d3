using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniStore.Server.Tests;

/// <summary>
/// What clients do to a server in production, done on purpose: resets in the middle of a request or of a reply,
/// half-closed sockets, a client that stops reading with megabytes of replies due, ten thousand connections at
/// once, SIGTERM under load. After each the server must stay healthy: other clients served, no connection leaked,
/// nothing lost that was acknowledged.
/// </summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(time: TimeProvider.System);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Reset_in_the_middle_of_a_request_applies_nothing_and_leaks_nothing()
    {
        await using var observer = await _server.ConnectAsync();
        using (var victim = await AuthenticatedSocketAsync())
        {
            // SET half sent: the value's bulk string is cut short.
            await victim.SendAsync(Encoding.ASCII.GetBytes("*3\r\n$3\r\nSET\r\n$5\r\nhalf1\r\n$10\r\nabc"));
            Reset(victim);
        }

        await Poll.UntilAsync(async () => await ConnectedClientsAsync(observer) == 1);
        Assert.Equal("(nil)", await observer.CommandAsync("GET half1"));
        Assert.Equal("PONG", await observer.CommandAsync("PING"));
    }

    [Fact]
    public async Task Reset_in_the_middle_of_a_reply_leaves_the_server_serving()
    {
        await using var observer = await _server.ConnectAsync();
        // 4 MiB, in pieces under the line dialect's 1 MiB request limit.
        var piece = new string('v', 512 * 1024);
        for (var i = 1; i <= 8; i++)
        {
            Assert.Equal((i * piece.Length).ToString(CultureInfo.InvariantCulture), await observer.CommandAsync($"APPEND big {piece}"));
        }

        for (var round = 0; round < 5; round++)
        {
            using var victim = await AuthenticatedSocketAsync();
            await victim.SendAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET big\r\n", 20))));
            var partial = new byte[64 * 1024];
            Assert.True(await victim.ReceiveAsync(partial) > 0);
            Reset(victim);
        }

        await Poll.UntilAsync(async () => await ConnectedClientsAsync(observer) == 1);
        Assert.Equal((8 * piece.Length).ToString(CultureInfo.InvariantCulture), await observer.CommandAsync("STRLEN big"));
    }

    [Fact]
    public async Task A_half_closed_client_gets_every_reply_then_the_server_closes()
    {
        await using var client = await _server.ConnectAsync();
        await client.SendAsync("SET half v\r\nGET half\r\nINCR n\r\nINCR n\r\n");
        client.ShutdownSend();

        Assert.Equal("OK", await client.ReadLineAsync());
        Assert.Equal("v", await client.ReadLineAsync());
        Assert.Equal("1", await client.ReadLineAsync());
        Assert.Equal("2", await client.ReadLineAsync());
        Assert.True(await client.WaitForCloseAsync());
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_held_back_not_buffered()
    {
        await using var observer = await _server.ConnectAsync();
        Assert.Equal("OK", await observer.CommandAsync($"SET fat {new string('f', 512 * 1024)}"));

        using var stalled = await AuthenticatedSocketAsync();
        stalled.SendTimeout = 2_000;
        var request = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET fat\r\n", 10_000)));
        long requests = 0;
        var blocked = false;
        // Without back-pressure the server would read on and queue 512 KiB per GET: 5 million GETs (45 MB of requests)
        // would be 2.5 TB of replies. With it, the server stops reading once its output is full, the kernel's socket
        // buffers (a few MB each way on loopback) fill, and the client's send blocks.
        while (requests < 5_000_000)
        {
            try
            {
                stalled.Send(request);
                requests += 10_000;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                blocked = true;
                break;
            }
        }

        Assert.True(blocked, $"{requests} GETs of 512 KiB were accepted from a client that reads nothing");
        // Others are served meanwhile.
        Assert.Equal("PONG", await observer.CommandAsync("PING"));
        Assert.Equal("1", await observer.CommandAsync("EXISTS fat"));
    }

    [Fact]
    public async Task Ten_thousand_connections_at_once_leave_an_authenticated_client_responsive()
    {
        // The real executable in its own process: both ends of 10,000 connections in this one would pass the
        // per-process file limit of a typical machine (20,000 here).
        var port = LoopbackPort.Free();
        // Room for all of them past the default --maxclients (10,000), and no deadline to authenticate: they stay
        // connected and idle until the test closes them.
        await using var server = ServerProcess.Start(
            [port.ToString(CultureInfo.InvariantCulture), "--log-level", "Warning", "--maxclients", "20000", "--auth-timeout", "0"],
            new Dictionary<string, string> { ["MINISTORE_PASSWORD"] = "flood" });
        await server.WaitUntilListeningAsync(port);
        await using var observer = await LineClient.ConnectAsync(port);
        Assert.Equal("OK", await observer.CommandAsync("PASS flood"));

        var sockets = new List<Socket>();
        var flood = Task.Run(async () =>
        {
            // Ten thousand connections as fast as the machine opens them, in waves of 500 in flight.
            for (var wave = 0; wave < 20; wave++)
            {
                var opened = await Task.WhenAll(Enumerable.Range(0, 500).Select(async _ =>
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                    return s;
                }));
                lock (sockets)
                {
                    sockets.AddRange(opened);
                }
            }
        });

        try
        {
            var latencies = new List<double>();
            while (!flood.IsCompleted || latencies.Count < 200)
            {
                var started = Stopwatch.GetTimestamp();
                Assert.Equal("PONG", await observer.CommandAsync("PING"));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            await flood;
            Assert.Equal(10_000, sockets.Count);
            await Poll.UntilAsync(async () => await ConnectedClientsAsync(observer) == 10_001);
            latencies.Sort();
            var p99 = latencies[(int)(latencies.Count * 0.99)];
            // The documented bound (README, limits): an authenticated client's p99 stays under 1 s while 10,000
            // connections open at once on this 2-core machine, whatever else runs on it. Typically a few milliseconds.
            Assert.True(p99 < 1_000, $"p99 of PING during the flood: {p99:F1} ms over {latencies.Count} requests");
        }
        finally
        {
            foreach (var s in sockets)
            {
                s.Dispose();
            }
        }

        await Poll.UntilAsync(async () => await ConnectedClientsAsync(observer) == 1);
    }

    [Fact]
    public async Task SIGTERM_under_load_ends_every_connection_on_a_reply_boundary_with_no_gap_and_exits_in_time()
    {
        var port = LoopbackPort.Free();
        await using var server = ServerProcess.Start(
            [port.ToString(CultureInfo.InvariantCulture), "--log-level", "Warning"],
            new Dictionary<string, string> { ["MINISTORE_PASSWORD"] = "term" });
        await server.WaitUntilListeningAsync(port);

        var replies = new long[4];
        var clients = Enumerable.Range(0, replies.Length).Select(i => Task.Run(() => IncrementUntilClosedAsync(port, i, replies))).ToArray();
        await Poll.UntilAsync(() => Enumerable.Range(0, replies.Length).All(i => Volatile.Read(ref replies[i]) > 1_000));

        var signalled = Stopwatch.GetTimestamp();
        await server.SignalAsync("TERM");
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        // README: a graceful shutdown ends within 5 seconds.
        Assert.True(Stopwatch.GetElapsedTime(signalled) < TimeSpan.FromSeconds(6), $"exit took {Stopwatch.GetElapsedTime(signalled)}");
        foreach (var outcome in await Task.WhenAll(clients))
        {
            Assert.Null(outcome);
        }
    }

    // Pipelines INCR c:<i> in batches and checks every reply is the next integer, until the server closes the connection;
    // null when the stream was gap-free and ended on a reply boundary, else what went wrong.
    private static async Task<string?> IncrementUntilClosedAsync(int port, int index, long[] replies)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var batch = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat($"INCR c:{index}\r\n", 50)));
        var pending = new StringBuilder();
        var buffer = new byte[64 * 1024];
        long expected = 0;
        var authenticated = false;
        await socket.SendAsync("PASS term\r\n"u8.ToArray());
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer);
            }
            catch (SocketException)
            {
                return pending.Length == 0 ? null : $"client {index}: reset with a partial reply '{pending}'";
            }

            if (read == 0)
            {
                return pending.Length == 0 ? null : $"client {index}: closed inside a reply: '{pending}'";
            }

            pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var text = pending.ToString();
            var lines = text.Split('\n');
            pending.Clear().Append(lines[^1]);
            var due = 0;
            foreach (var line in lines[..^1])
            {
                if (!authenticated)
                {
                    authenticated = line == "OK" ? true : throw new InvalidOperationException($"PASS answered {line}");
                    due = 1;
                    continue;
                }

                if (line != (++expected).ToString(CultureInfo.InvariantCulture))
                {
                    return $"client {index}: reply {line} where {expected} was due";
                }

                Volatile.Write(ref replies[index], expected);
                due += expected % 50 == 0 ? 1 : 0;
            }

            try
            {
                for (var i = 0; i < due; i++)
                {
                    await socket.SendAsync(batch);
                }
            }
            catch (SocketException)
            {
                // The server is going away: what it already answered is what is checked.
            }
        }
    }

    private async Task<Socket> AuthenticatedSocketAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _server.Port));
        await socket.SendAsync(Encoding.UTF8.GetBytes($"PASS \"{InProcessServer.Password}\"\r\n"));
        var ok = new byte[3];
        var read = 0;
        while (read < 3)
        {
            read += await socket.ReceiveAsync(ok.AsMemory(read));
        }

        Assert.Equal("OK\n", Encoding.ASCII.GetString(ok));
        return socket;
    }

    // SO_LINGER with a zero timeout turns close into an RST, as a crashed or killed client's kernel sends.
    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private static async Task<long> ConnectedClientsAsync(LineClient client) =>
        InfoFields.Parse(await client.CommandAsync("INFO")).Long("connected_clients");
}
