using System.Net;
using System.Net.Sockets;
using System.Text;
using MiniStore.Server.CommandLine;
using MiniStore.Server.Tests.Support;

namespace MiniStore.Server.Tests;

/// <summary>Pub/sub (protocol.md v2 C) over real sockets, byte for byte as redis-server 7.0 answers, in RESP2, RESP3 and the line dialect.</summary>
public sealed class PubSubTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<RawRespClient> ConnectAsync(string name, int? port = null)
    {
        var client = await RawRespClient.ConnectAsync(port ?? _server.Port, name);
        Assert.Equal("+OK\r\n", Text(await client.CommandAsync("AUTH", InProcessServer.Password)));
        return client;
    }

    private static string Text(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    private static async Task<string> Command(RawRespClient client, params string[] words) => Text(await client.CommandAsync(words));

    private static async Task<string> Next(RawRespClient client) => Text(await client.ReadReplyAsync());

    [Fact]
    public async Task RESP2_subscribe_mode_confirmations_messages_and_refusals()
    {
        await using var sub = await ConnectAsync("sub");
        await using var pub = await ConnectAsync("pub");

        Assert.Equal("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", await Command(sub, "UNSUBSCRIBE"));
        Assert.Equal("*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n", await Command(sub, "PUNSUBSCRIBE"));

        await sub.SendAsync(RawRespClient.Encode(RawRespClient.Words("SUBSCRIBE", "news", "news", "sport")));
        Assert.Equal("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", await Next(sub));
        Assert.Equal("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", await Next(sub));
        Assert.Equal("*3\r\n$9\r\nsubscribe\r\n$5\r\nsport\r\n:2\r\n", await Next(sub));

        Assert.Equal(
            "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
            await Command(sub, "GET", "k"));
        Assert.Equal(
            "-ERR Can't execute 'pubsub|numpat': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
            await Command(sub, "PUBSUB", "NUMPAT"));
        Assert.Equal("-ERR unknown subcommand 'foo'. Try PUBSUB HELP.\r\n", await Command(sub, "PUBSUB", "foo"));
        Assert.Equal("-ERR wrong number of arguments for 'get' command\r\n", await Command(sub, "GET"));
        Assert.Equal("*2\r\n$4\r\npong\r\n$0\r\n\r\n", await Command(sub, "PING"));
        Assert.Equal("*2\r\n$4\r\npong\r\n$2\r\nhi\r\n", await Command(sub, "PING", "hi"));

        Assert.Equal(":1\r\n", await Command(pub, "PUBLISH", "news", "hello world"));
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$11\r\nhello world\r\n", await Next(sub));
        Assert.Equal(":0\r\n", await Command(pub, "PUBLISH", "nobody", "x"));

        Assert.Equal("*3\r\n$10\r\npsubscribe\r\n$4\r\nn?w*\r\n:3\r\n", await Command(sub, "PSUBSCRIBE", "n?w*"));
        Assert.Equal(":2\r\n", await Command(pub, "PUBLISH", "news", "both"));
        Assert.Equal("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$4\r\nboth\r\n", await Next(sub));
        Assert.Equal("*4\r\n$8\r\npmessage\r\n$4\r\nn?w*\r\n$4\r\nnews\r\n$4\r\nboth\r\n", await Next(sub));
        Assert.Equal(":1\r\n", await Command(pub, "PUBLISH", "newt", "\r\nbinary\0"));
        Assert.Equal("*4\r\n$8\r\npmessage\r\n$4\r\nn?w*\r\n$4\r\nnewt\r\n$9\r\n\r\nbinary\0\r\n", await Next(sub));

        Assert.Equal("*3\r\n$11\r\nunsubscribe\r\n$5\r\nnope!\r\n:3\r\n", await Command(sub, "UNSUBSCRIBE", "nope!"));
        await sub.SendAsync(RawRespClient.Encode(RawRespClient.Words("UNSUBSCRIBE")));
        Assert.Equal("*3\r\n$11\r\nunsubscribe\r\n$4\r\nnews\r\n:2\r\n", await Next(sub));
        Assert.Equal("*3\r\n$11\r\nunsubscribe\r\n$5\r\nsport\r\n:1\r\n", await Next(sub));

        // Still subscribed to a pattern: still in subscribe mode.
        Assert.StartsWith("-ERR Can't execute 'set'", await Command(sub, "SET", "k", "v"), StringComparison.Ordinal);
        Assert.Equal("*3\r\n$12\r\npunsubscribe\r\n$4\r\nn?w*\r\n:0\r\n", await Command(sub, "PUNSUBSCRIBE"));

        // Out of subscribe mode: ordinary commands again.
        Assert.Equal("$-1\r\n", await Command(sub, "GET", "k"));
        Assert.Equal("+PONG\r\n", await Command(sub, "PING"));
        Assert.Equal(":0\r\n", await Command(pub, "PUBLISH", "news", "gone"));
    }

    [Fact]
    public async Task QUIT_is_allowed_in_subscribe_mode_and_closing_drops_the_subscriptions()
    {
        await using var pub = await ConnectAsync("pub");
        var sub = await ConnectAsync("sub");
        await sub.SendAsync(RawRespClient.Encode(RawRespClient.Words("SUBSCRIBE", "q1", "q2")));
        await Next(sub);
        await Next(sub);
        Assert.Equal("*3\r\n$10\r\npsubscribe\r\n$2\r\nq*\r\n:3\r\n", await Command(sub, "PSUBSCRIBE", "q*"));
        Assert.Equal("*4\r\n$2\r\nq1\r\n:1\r\n$2\r\nq3\r\n:0\r\n", await Command(pub, "PUBSUB", "NUMSUB", "q1", "q3"));
        Assert.Equal(":1\r\n", await Command(pub, "PUBSUB", "NUMPAT"));
        Assert.Equal("+OK\r\n", await Command(sub, "QUIT"));
        await sub.DisposeAsync();

        await Poll.UntilAsync(async () => await Command(pub, "PUBSUB", "NUMSUB", "q1") == "*2\r\n$2\r\nq1\r\n:0\r\n");
        Assert.Equal(":0\r\n", await Command(pub, "PUBSUB", "NUMPAT"));
        Assert.Equal("*0\r\n", await Command(pub, "PUBSUB", "CHANNELS"));
        Assert.Equal(":0\r\n", await Command(pub, "PUBLISH", "q1", "x"));
    }

    [Fact]
    public async Task RESP3_pushes_and_ordinary_commands_while_subscribed()
    {
        await using var c = await RawRespClient.ConnectAsync(_server.Port, "resp3");
        Assert.StartsWith("%", await Command(c, "HELLO", "3", "AUTH", "default", InProcessServer.Password), StringComparison.Ordinal);
        Assert.Equal(">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", await Command(c, "SUBSCRIBE", "a"));
        Assert.Equal("+PONG\r\n", await Command(c, "PING"));
        Assert.Equal("_\r\n", await Command(c, "GET", "missing"));

        // Publishing to itself: the message comes before the reply, as with Redis.
        await c.SendAsync(RawRespClient.Encode(RawRespClient.Words("PUBLISH", "a", "hi")));
        Assert.Equal(">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n", await Next(c));
        Assert.Equal(":1\r\n", await Next(c));

        Assert.Equal(">3\r\n$10\r\npsubscribe\r\n$1\r\n*\r\n:2\r\n", await Command(c, "PSUBSCRIBE", "*"));
        await using var pub = await ConnectAsync("pub");
        Assert.Equal(":2\r\n", await Command(pub, "PUBLISH", "a", "yo"));
        Assert.Equal(">3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nyo\r\n", await Next(c));
        Assert.Equal(">4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$1\r\na\r\n$2\r\nyo\r\n", await Next(c));

        Assert.Equal(">3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n", await Command(c, "UNSUBSCRIBE"));
        Assert.Equal(">3\r\n$11\r\nunsubscribe\r\n_\r\n:1\r\n", await Command(c, "UNSUBSCRIBE"));
        Assert.Equal(">3\r\n$12\r\npunsubscribe\r\n$1\r\n*\r\n:0\r\n", await Command(c, "PUNSUBSCRIBE", "*"));
        Assert.Equal(">3\r\n$12\r\npunsubscribe\r\n_\r\n:0\r\n", await Command(c, "PUNSUBSCRIBE"));
    }

    [Fact]
    public async Task Line_dialect_confirmations_and_messages_are_A2_arrays()
    {
        await using var sub = await LineClient.ConnectAsync(_server.Port);
        await using var pub = await LineClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await sub.CommandAsync("PASS \"" + InProcessServer.Password + "\""));
        Assert.Equal("OK", await pub.CommandAsync("PASS \"" + InProcessServer.Password + "\""));

        await sub.SendAsync("SUBSCRIBE ch \"a b\"\r\nPSUBSCRIBE c*\r\n");
        string[] confirmations = ["*3", "subscribe", "ch", "1", "*3", "subscribe", "a b", "2", "*3", "psubscribe", "c*", "3"];
        foreach (var line in confirmations)
        {
            Assert.Equal(line, await sub.ReadLineAsync());
        }

        // The line dialect is not restricted while subscribed.
        Assert.Equal("PONG", await sub.CommandAsync("PING"));
        Assert.Equal("(nil)", await sub.CommandAsync("GET k"));

        Assert.Equal("2", await pub.CommandAsync("PUBLISH ch \"hello world\""));
        Assert.Equal("1", await pub.CommandAsync("PUBLISH cz \"\""));
        string[] messages = ["*3", "message", "ch", "hello world", "*4", "pmessage", "c*", "ch", "hello world", "*4", "pmessage", "c*", "cz", "\"\""];
        foreach (var line in messages)
        {
            Assert.Equal(line, await sub.ReadLineAsync());
        }

        Assert.Equal("*4", await pub.CommandAsync("PUBSUB NUMSUB ch nope"));
        Assert.Equal("ch", await pub.ReadLineAsync());
        Assert.Equal("1", await pub.ReadLineAsync());
        Assert.Equal("nope", await pub.ReadLineAsync());
        Assert.Equal("0", await pub.ReadLineAsync());
        Assert.Equal("1", await pub.CommandAsync("PUBSUB NUMPAT"));
        Assert.Equal("*1", await pub.CommandAsync("PUBSUB CHANNELS a*"));
        Assert.Equal("a b", await pub.ReadLineAsync());
        Assert.Equal("ERR: invalid arguments", await pub.CommandAsync("PUBLISH ch"));

        await sub.SendAsync("UNSUBSCRIBE\r\n");
        string[] unsubscribed = ["*3", "unsubscribe", "ch", "2", "*3", "unsubscribe", "a b", "1"];
        foreach (var line in unsubscribed)
        {
            Assert.Equal(line, await sub.ReadLineAsync());
        }

        await sub.SendAsync("PUNSUBSCRIBE\r\nUNSUBSCRIBE\r\n");
        string[] rest = ["*3", "punsubscribe", "c*", "0", "*3", "unsubscribe", "(nil)", "0"];
        foreach (var line in rest)
        {
            Assert.Equal(line, await sub.ReadLineAsync());
        }
    }

    [Fact]
    public async Task PUBSUB_subcommands_and_errors_match_Redis()
    {
        await using var sub = await ConnectAsync("sub");
        await using var c = await ConnectAsync("c");
        await sub.SendAsync(RawRespClient.Encode(RawRespClient.Words("SUBSCRIBE", "news.a", "news.b", "other")));
        for (var i = 0; i < 3; i++)
        {
            await Next(sub);
        }

        await sub.SendAsync(RawRespClient.Encode(RawRespClient.Words("PSUBSCRIBE", "p1", "p2")));
        await Next(sub);
        await Next(sub);

        var all = await Command(c, "PUBSUB", "CHANNELS");
        Assert.StartsWith("*3\r\n", all, StringComparison.Ordinal);
        Assert.Contains("$6\r\nnews.a\r\n", all, StringComparison.Ordinal);
        Assert.Contains("$5\r\nother\r\n", all, StringComparison.Ordinal);
        var news = await Command(c, "PUBSUB", "CHANNELS", "news.*");
        Assert.True(news is "*2\r\n$6\r\nnews.a\r\n$6\r\nnews.b\r\n" or "*2\r\n$6\r\nnews.b\r\n$6\r\nnews.a\r\n", news);
        Assert.Equal("*0\r\n", await Command(c, "PUBSUB", "CHANNELS", "x*"));
        Assert.Equal("*0\r\n", await Command(c, "PUBSUB", "NUMSUB"));
        Assert.Equal("*2\r\n$6\r\nnews.a\r\n:1\r\n", await Command(c, "PUBSUB", "NUMSUB", "news.a"));
        Assert.Equal(":2\r\n", await Command(c, "PUBSUB", "NUMPAT"));
        Assert.Equal("*0\r\n", await Command(c, "PUBSUB", "SHARDCHANNELS"));
        Assert.Equal("*2\r\n$1\r\nx\r\n:0\r\n", await Command(c, "PUBSUB", "SHARDNUMSUB", "x"));
        Assert.StartsWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n", await Command(c, "PUBSUB", "HELP"), StringComparison.Ordinal);

        Assert.Equal("-ERR wrong number of arguments for 'subscribe' command\r\n", await Command(c, "SUBSCRIBE"));
        Assert.Equal("-ERR wrong number of arguments for 'psubscribe' command\r\n", await Command(c, "PSUBSCRIBE"));
        Assert.Equal("-ERR wrong number of arguments for 'publish' command\r\n", await Command(c, "PUBLISH", "x"));
        Assert.Equal("-ERR wrong number of arguments for 'pubsub' command\r\n", await Command(c, "PUBSUB"));
        Assert.Equal("-ERR unknown subcommand 'foo'. Try PUBSUB HELP.\r\n", await Command(c, "PUBSUB", "foo"));
        Assert.Equal("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n", await Command(c, "PUBSUB", "NUMPAT", "x"));
        Assert.Equal("-ERR wrong number of arguments for 'pubsub|help' command\r\n", await Command(c, "PUBSUB", "HELP", "x"));
        Assert.Equal(
            "-ERR unknown subcommand or wrong number of arguments for 'channels'. Try PUBSUB HELP.\r\n",
            await Command(c, "PUBSUB", "CHANNELS", "x", "y"));

        var list = await Command(c, "CLIENT", "LIST");
        Assert.Contains("flags=P db=0 sub=3 psub=2 ", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribed_clients_are_of_type_pubsub_in_RESP2_and_RESP3_as_in_Redis_7()
    {
        await using var admin = await ConnectAsync("admin");
        await using var resp2 = await ConnectAsync("resp2");
        await using var resp3 = await RawRespClient.ConnectAsync(_server.Port, "resp3");
        Assert.StartsWith("%", await Command(resp3, "HELLO", "3", "AUTH", "default", InProcessServer.Password), StringComparison.Ordinal);
        Assert.Equal("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", await Command(resp2, "SUBSCRIBE", "a"));
        Assert.Equal(">3\r\n$10\r\npsubscribe\r\n$2\r\nb*\r\n:1\r\n", await Command(resp3, "PSUBSCRIBE", "b*"));

        var pubsub = await Command(admin, "CLIENT", "LIST", "TYPE", "pubsub");
        Assert.Equal(2, pubsub.Split("flags=P ").Length - 1);
        Assert.DoesNotContain("flags=N", pubsub, StringComparison.Ordinal);
        var normal = await Command(admin, "CLIENT", "LIST", "TYPE", "normal");
        Assert.Contains("flags=N", normal, StringComparison.Ordinal);
        Assert.DoesNotContain("flags=P", normal, StringComparison.Ordinal);
        Assert.Equal("$0\r\n\r\n", await Command(admin, "CLIENT", "LIST", "TYPE", "replica"));

        // CLIENT KILL TYPE pubsub is how an operator (or a test) cuts every subscriber off at once.
        Assert.Equal(":2\r\n", await Command(admin, "CLIENT", "KILL", "TYPE", "pubsub"));
        await Poll.UntilAsync(async () => await Command(admin, "PUBSUB", "NUMPAT") == ":0\r\n");
        Assert.Equal(":0\r\n", await Command(admin, "PUBLISH", "a", "x"));
        Assert.Equal(":0\r\n", await Command(admin, "CLIENT", "KILL", "TYPE", "pubsub"));
    }

    [Fact]
    public async Task A_subscriber_that_never_reads_is_disconnected_while_the_publisher_and_a_reading_subscriber_go_on()
    {
        const int limit = 64 * 1024;
        const int publishes = 1024;
        await using var server = await InProcessServer.StartAsync(settings: new ServerSettings { PubSubOutputLimitBytes = limit });

        // A tiny receive window, so the kernel holds little for the subscriber that never reads.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
        using (socket)
        {
            await socket.SendAsync(RawRespClient.Encode(RawRespClient.Words("AUTH", InProcessServer.Password)));
            await socket.SendAsync(RawRespClient.Encode(RawRespClient.Words("SUBSCRIBE", "flood")));

            await using var reader = await ConnectAsync("reader", server.Port);
            Assert.Equal("*3\r\n$9\r\nsubscribe\r\n$5\r\nflood\r\n:1\r\n", await Command(reader, "SUBSCRIBE", "flood"));
            await using var pub = await ConnectAsync("pub", server.Port);
            await Poll.UntilAsync(async () => await Command(pub, "PUBSUB", "NUMSUB", "flood") == "*2\r\n$5\r\nflood\r\n:2\r\n");

            // The reading subscriber drains as the messages come, on its own task. The publisher stays at most a few
            // messages ahead of it, so that the reader's backlog stays far below the limit however the threads are
            // scheduled, while the stalled subscriber's backlog only grows.
            const int window = 3;
            var payload = new string('x', 8 * 1024);
            var message = $"*3\r\n$7\r\nmessage\r\n$5\r\nflood\r\n${payload.Length}\r\n{payload}\r\n";
            using var readerProgress = new SemaphoreSlim(window);
            var reading = Task.Run(async () =>
            {
                for (var i = 0; i < publishes; i++)
                {
                    Assert.Equal(message, await Next(reader));
                    readerProgress.Release();
                }
            });

            // 8 MiB in 8 KiB messages: far more than the limit plus what the kernel buffers for the stalled subscriber.
            // Every PUBLISH is answered (the whole run gets a generous bound, not a timing assert), first counting both
            // subscribers, then, once the stalled one is cut off, only the reader.
            var receivers = new List<string>(publishes);
            await Task.Run(async () =>
            {
                for (var i = 0; i < publishes; i++)
                {
                    await readerProgress.WaitAsync();
                    receivers.Add(await Command(pub, "PUBLISH", "flood", payload));
                }
            }).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(publishes, receivers.Count);
            Assert.All(receivers, reply => Assert.True(reply is ":2\r\n" or ":1\r\n", reply));
            var reachedBoth = receivers.TakeWhile(reply => reply == ":2\r\n").Count();
            Assert.True(reachedBoth * payload.Length + payload.Length >= limit, $"Cut off after only {reachedBoth} messages.");
            Assert.True(reachedBoth < publishes, "The stalled subscriber was never disconnected.");
            Assert.All(receivers.Skip(reachedBoth), reply => Assert.Equal(":1\r\n", reply));

            // The reader got every message, in order; the stalled subscriber's connection was closed by the server:
            // reading it now yields what the kernel had buffered, then the end of the stream.
            await reading.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("*2\r\n$5\r\nflood\r\n:1\r\n", await Command(pub, "PUBSUB", "NUMSUB", "flood"));
            var buffer = new byte[64 * 1024];
            long drained = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                int read;
                try
                {
                    read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                }
                catch (SocketException)
                {
                    // A reset instead of an orderly close: disconnected all the same.
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                drained += read;
            }

            Assert.True(drained < (long)publishes * payload.Length, $"The stalled subscriber was sent all {drained} bytes.");
            Assert.Equal("+PONG\r\n", await Command(pub, "PING"));
        }
    }

    [Fact]
    public async Task A_subscriber_above_the_soft_limit_for_its_time_is_disconnected_and_not_before()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var server = await InProcessServer.StartAsync(
            time: time,
            settings: new ServerSettings
            {
                PubSubOutputLimitBytes = 64L * 1024 * 1024,
                PubSubOutputSoftLimitBytes = 256 * 1024,
                PubSubOutputSoftLimitTime = TimeSpan.FromSeconds(60),
            });

        // A subscriber that never reads, with a small receive window so the kernel holds little of what it is sent.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port));
        await stalled.SendAsync(RawRespClient.Encode(RawRespClient.Words("AUTH", InProcessServer.Password)));
        await stalled.SendAsync(RawRespClient.Encode(RawRespClient.Words("SUBSCRIBE", "soft")));
        await using var pub = await ConnectAsync("pub", server.Port);
        await Poll.UntilAsync(async () => await Command(pub, "PUBLISH", "soft", "hello") == ":1\r\n");

        // 8 MiB: far above the soft limit plus what the kernel buffers, far below the hard limit. Above the soft
        // limit, but not yet for its time: still subscribed.
        var payload = new string('s', 64 * 1024);
        for (var i = 0; i < 128; i++)
        {
            Assert.Equal(":1\r\n", await Command(pub, "PUBLISH", "soft", payload));
        }

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(":1\r\n", await Command(pub, "PUBLISH", "soft", payload));

        // Still above it a minute later: the next message finds it over its time and it is closed.
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(":0\r\n", await Command(pub, "PUBLISH", "soft", payload));
        Assert.Equal(":0\r\n", await Command(pub, "PUBLISH", "soft", "after"));
    }

    [Fact]
    public void The_soft_limit_flags_are_read_and_checked()
    {
        var commandLine = new ServerCommandLine();
        var launch = commandLine.Bind(commandLine.Root.Parse(["pw", "--pubsub-output-soft-limit", "1mb", "--pubsub-output-soft-seconds", "5"]), _ => null, out var error);
        Assert.Null(error);
        Assert.Equal(1024 * 1024, launch!.Settings.PubSubOutputSoftLimitBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), launch.Settings.PubSubOutputSoftLimitTime);

        var defaults = commandLine.Bind(commandLine.Root.Parse(["pw"]), _ => null, out _);
        Assert.Equal(8L * 1024 * 1024, defaults!.Settings.PubSubOutputSoftLimitBytes);
        Assert.Equal(TimeSpan.FromSeconds(60), defaults.Settings.PubSubOutputSoftLimitTime);

        Assert.NotNull(commandLine.Bind(commandLine.Root.Parse(["pw", "--pubsub-output-soft-limit", "0"]), _ => null, out error));
        Assert.Null(commandLine.Bind(commandLine.Root.Parse(["pw", "--pubsub-output-soft-limit", "lots"]), _ => null, out error));
        Assert.StartsWith("invalid --pubsub-output-soft-limit 'lots'", error, StringComparison.Ordinal);
        Assert.Null(commandLine.Bind(commandLine.Root.Parse(["pw", "--pubsub-output-soft-seconds", "0"]), _ => null, out error));
        Assert.StartsWith("invalid --pubsub-output-soft-seconds 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_output_limit_flag_is_parsed_and_validated()
    {
        var commandLine = new ServerCommandLine();
        var launch = commandLine.Bind(commandLine.Root.Parse(["pw", "--pubsub-output-limit", "1mb"]), _ => null, out var error);
        Assert.Null(error);
        Assert.Equal(1024 * 1024, launch!.Settings.PubSubOutputLimitBytes);

        var defaults = commandLine.Bind(commandLine.Root.Parse(["pw"]), _ => null, out _);
        Assert.Equal(32L * 1024 * 1024, defaults!.Settings.PubSubOutputLimitBytes);

        Assert.Null(commandLine.Bind(commandLine.Root.Parse(["pw", "--pubsub-output-limit", "1kb"]), _ => null, out error));
        Assert.StartsWith("invalid --pubsub-output-limit '1kb'", error, StringComparison.Ordinal);
    }
}
