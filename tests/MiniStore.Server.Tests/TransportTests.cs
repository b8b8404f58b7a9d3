using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MiniStore.Server.Hosting;
using MiniStore.Server.Transport;

namespace MiniStore.Server.Tests;

/// <summary>
/// Both transports behind Kestrel (the epoll loops, the default, and Kestrel's sockets) serve the same bytes: the
/// rest of the suite runs on the default one, so these cover the sockets transport and what is particular to the
/// epoll loops: reads larger than a receive buffer, a socket full in both directions, several loops, slots reused
/// by thousands of short connections, and a shutdown while a client has stopped reading.
/// </summary>
public sealed class TransportTests
{
    public static TheoryData<TransportKind> Transports => [TransportKind.Epoll, TransportKind.Sockets];

    [Fact]
    public void Epoll_is_the_default_where_the_platform_has_it()
    {
        var settings = new ServerSettings();
        Assert.Equal(TransportKind.Epoll, settings.Transport);
        Assert.Equal(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64, ServerHost.UsesEpoll(settings));
        Assert.False(ServerHost.UsesEpoll(settings with { Transport = TransportKind.Sockets }));
    }

    [Fact]
    public async Task The_epoll_loops_end_with_the_host()
    {
        var server = await InProcessServer.StartAsync(TimeProvider.System, new ServerSettings { IoThreads = 2 });
        var factory = server.App.Services.GetRequiredService<Microsoft.AspNetCore.Connections.IConnectionListenerFactory>();
        if (!EpollTransportFactory.IsSupported)
        {
            // Nothing of ours to end where Kestrel's sockets serve.
            Assert.IsNotType<EpollTransportFactory>(factory);
            await server.DisposeAsync();
            return;
        }

        var epoll = Assert.IsType<EpollTransportFactory>(factory);
        await using (var client = await server.ConnectAsync())
        {
            Assert.Equal("OK", await client.CommandAsync("SET k v"));
        }

        Assert.False(epoll.IsDisposed);
        await server.DisposeAsync();
        Assert.True(epoll.IsDisposed);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Both_dialects_are_served(TransportKind transport)
    {
        await using var server = await StartAsync(transport);
        await using var line = await server.ConnectAsync();
        Assert.Equal("OK", await line.CommandAsync("SET k v"));
        await using var resp = await RespClient.ConnectAsync(server.Port);
        Assert.Equal("v", await resp.CommandAsync("GET", "k"));
        Assert.Equal("PONG", await resp.CommandAsync("PING"));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task CLIENT_LIST_shows_the_socket_as_the_kernel_sees_it(TransportKind transport)
    {
        await using var server = await StartAsync(transport);
        await using var client = await RespClient.ConnectAsync(server.Port);
        var list = Assert.IsType<string>(await client.CommandAsync("CLIENT", "LIST"));
        var match = System.Text.RegularExpressions.Regex.Match(list, @"addr=127\.0\.0\.1:(\d+) laddr=127\.0\.0\.1:(\d+) fd=(\d+) ");
        Assert.True(match.Success, list);
        Assert.InRange(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 1, 65535);
        Assert.Equal(server.Port, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.True(int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) > 2, list);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_value_larger_than_every_buffer_round_trips_byte_for_byte(TransportKind transport)
    {
        await using var server = await StartAsync(transport);
        await using var client = await RespClient.ConnectAsync(server.Port);
        var value = new byte[4 * 1024 * 1024 + 7];
        new Random(11).NextBytes(value);
        Assert.Equal("OK", await client.CommandAsync("SET", "big", value));
        Assert.Equal(Encoding.Latin1.GetString(value), await client.CommandAsync("GET", "big"));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_that_reads_late_gets_every_reply_in_order(TransportKind transport)
    {
        await using var server = await StartAsync(transport);
        await using var setup = await RespClient.ConnectAsync(server.Port);
        const int Count = 200;
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("OK", await setup.CommandAsync("SET", $"v{i}", new string((char)('a' + i), 100_000 + i)));
        }

        // 20 MB of replies due at once: the server's sends find the socket full and wait for it, many times over.
        using var socket = await AuthenticatedSocketAsync(server.Port);
        var requests = new StringBuilder();
        for (var i = 0; i < Count; i++)
        {
            requests.Append(CultureInfo.InvariantCulture, $"GET v{i % 4}\r\n");
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes(requests.ToString()));
        await Task.Delay(200);
        using var stream = new NetworkStream(socket);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(new string((char)('a' + (i % 4)), 100_000 + (i % 4)), await reader.ReadLineAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_pipeline_that_arrives_in_random_pieces_is_answered_whole_and_in_order(TransportKind transport)
    {
        // Edge-triggered reads take a short read as "drained": whatever arrives after it must raise a new edge, also
        // when it comes in pieces of a few bytes, between reads, or together with the end of the stream.
        await using var server = await StartAsync(transport);
        var random = new Random(20261207);
        var requests = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            var value = i.ToString(CultureInfo.InvariantCulture);
            requests.Append(i % 3 == 0
                ? $"*3\r\n$3\r\nSET\r\n$4\r\nk{(i % 100).ToString("D3", CultureInfo.InvariantCulture)}\r\n${value.Length}\r\n{value}\r\n"
                : "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n");
        }

        var bytes = Encoding.ASCII.GetBytes(requests.ToString());
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
        await socket.SendAsync(RespClient.Encode("AUTH", InProcessServer.Password));
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < bytes.Length;)
            {
                var piece = Math.Min(bytes.Length - offset, random.Next(1, 300));
                await socket.SendAsync(bytes.AsMemory(offset, piece));
                offset += piece;
                if (random.Next(8) == 0)
                {
                    await Task.Yield();
                }
            }

            socket.Shutdown(SocketShutdown.Send);
        });

        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.Equal("+OK", await reader.ReadLineAsync());
        var incr = 0L;
        for (var i = 0; i < 2000; i++)
        {
            Assert.Equal(i % 3 == 0 ? "+OK" : $":{++incr}", await reader.ReadLineAsync());
        }

        await sending;
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task Connections_spread_over_several_loops_each_get_their_own_replies()
    {
        await using var server = await InProcessServer.StartAsync(TimeProvider.System, new ServerSettings { IoThreads = 3 });
        var clients = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => server.ConnectAsync()));
        try
        {
            await Task.WhenAll(clients.Select(async (client, n) =>
            {
                var pipeline = string.Concat(Enumerable.Repeat($"INCR counter{n}\n", 500)) + $"SET own{n} value{n}\nGET own{n}\n";
                await client.SendAsync(pipeline);
                for (var i = 1; i <= 500; i++)
                {
                    Assert.Equal(i.ToString(CultureInfo.InvariantCulture), await client.ReadLineAsync());
                }

                Assert.Equal("OK", await client.ReadLineAsync());
                Assert.Equal($"value{n}", await client.ReadLineAsync());
            }));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Thousands_of_short_connections_leave_one_client_and_a_serving_server(TransportKind transport)
    {
        await using var server = await StartAsync(transport);
        await using var observer = await RespClient.ConnectAsync(server.Port);
        var request = RespClient.Encode("AUTH", InProcessServer.Password).Concat(RespClient.Encode("INCR", "visits")).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var reply = new byte[64];
            for (var i = 0; i < 500; i++)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
                await socket.SendAsync(request);
                var got = 0;
                while (!Encoding.ASCII.GetString(reply, 0, got).Contains(':', StringComparison.Ordinal) || reply[got - 1] != '\n')
                {
                    got += await socket.ReceiveAsync(reply.AsMemory(got));
                }
            }
        }));

        Assert.Equal("2000", await observer.CommandAsync("GET", "visits"));
        await Poll.UntilAsync(async () => InfoField(await observer.CommandAsync("INFO", "clients"), "connected_clients") == "1");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_stop_with_a_client_that_stopped_reading_ends_within_the_shutdown_timeout(TransportKind transport)
    {
        var server = await InProcessServer.StartAsync(
            TimeProvider.System,
            new ServerSettings { Transport = transport, ShutdownTimeout = TimeSpan.FromSeconds(2) });
        await using (var setup = await RespClient.ConnectAsync(server.Port))
        {
            Assert.Equal("OK", await setup.CommandAsync("SET", "fat", new string('f', 256 * 1024)));
        }

        using var stalled = await AuthenticatedSocketAsync(server.Port);
        stalled.ReceiveBufferSize = 4096;
        await stalled.SendAsync(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("GET fat\r\n", 100))));
        await Task.Delay(300);

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {clock.Elapsed}");
    }

    private static Task<InProcessServer> StartAsync(TransportKind transport) =>
        InProcessServer.StartAsync(TimeProvider.System, new ServerSettings { Transport = transport });

    private static async Task<Socket> AuthenticatedSocketAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await socket.SendAsync(Encoding.ASCII.GetBytes($"PASS \"{InProcessServer.Password}\"\n"));
        var reply = new byte[16];
        var got = 0;
        while (got < 3)
        {
            got += await socket.ReceiveAsync(reply.AsMemory(got));
        }

        Assert.Equal("OK\n", Encoding.ASCII.GetString(reply, 0, got));
        return socket;
    }

    private static string? InfoField(object? info, string name) =>
        (info as string)?.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..];
}
