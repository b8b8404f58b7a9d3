using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniStore.Server.Tests;

/// <summary>
/// The blocking pops over real sockets: woken by pushes from other connections (and by MULTI/EXEC), in the order the
/// clients blocked, by the fake clock's timeout, by CLIENT UNBLOCK; a closed waiter leaves its wait lists.
/// </summary>
public sealed partial class BlockingCommandTests : IAsyncLifetime
{
    private InProcessServer _server = null!;
    private RespClient _observer = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        _observer = await RespClient.ConnectAsync(_server.Port);
    }

    public async Task DisposeAsync()
    {
        await _observer.DisposeAsync();
        await _server.DisposeAsync();
    }

    [GeneratedRegex(@"blocked_clients:(\d+)")]
    private static partial Regex BlockedClients();

    /// <summary>Waits until INFO reports <paramref name="count"/> blocked clients.</summary>
    private Task BlockedAsync(int count) => Poll.UntilAsync(async () =>
    {
        var info = (string)(await _observer.CommandAsync("INFO", "clients"))!;
        return int.Parse(BlockedClients().Match(info).Groups[1].Value, CultureInfo.InvariantCulture) == count;
    });

    [Fact]
    public async Task BLPOP_answers_at_once_when_a_list_has_elements_and_checks_its_arguments()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(2L, await c.CommandAsync("RPUSH", "b", "x", "y"));
        Assert.Equal(new object?[] { "b", "x" }, await c.CommandAsync("BLPOP", "a", "b", "0"));
        Assert.Equal(new object?[] { "b", "y" }, await c.CommandAsync("BRPOP", "a", "b", "0"));
        Assert.Equal("OK", await c.CommandAsync("SET", "s", "v"));
        Assert.Equal(new RespError("WRONGTYPE Operation against a key holding the wrong kind of value"), await c.CommandAsync("BLPOP", "s", "0"));
        Assert.Equal(new RespError("ERR timeout is not a float or out of range"), await c.CommandAsync("BLPOP", "a", "abc"));
        Assert.Equal(new RespError("ERR timeout is negative"), await c.CommandAsync("BLPOP", "a", "-1"));
        Assert.Equal(new RespError("ERR timeout is negative"), await c.CommandAsync("BLPOP", "a", "inf"));
        Assert.Equal(new RespError("ERR numkeys should be greater than 0"), await c.CommandAsync("BLMPOP", "0", "0", "a", "LEFT"));
        Assert.Equal(new RespError("ERR syntax error"), await c.CommandAsync("BLMOVE", "a", "b", "UP", "LEFT", "0"));
        Assert.Equal(new RespError("ERR count should be greater than 0"), await c.CommandAsync("LMPOP", "1", "a", "LEFT", "COUNT", "0"));
        Assert.Null(await c.CommandAsync("LMPOP", "1", "a", "LEFT"));
        Assert.Equal(3L, await c.CommandAsync("RPUSH", "l", "1", "2", "3"));
        Assert.Equal(new object?[] { "l", new object?[] { "3", "2" } }, await c.CommandAsync("LMPOP", "2", "a", "l", "RIGHT", "COUNT", "2"));
        Assert.Equal(2L, await c.CommandAsync("ZADD", "z", "1", "m1", "2", "m2"));
        Assert.Equal(new object?[] { "z", new object?[] { new object?[] { "m2", "2" }, new object?[] { "m1", "1" } } }, await c.CommandAsync("ZMPOP", "1", "z", "MAX", "COUNT", "5"));
    }

    [Fact]
    public async Task BLPOP_is_woken_by_a_push_from_another_connection()
    {
        await using var waiter = await RespClient.ConnectAsync(_server.Port);
        await using var pusher = await RespClient.ConnectAsync(_server.Port);
        await waiter.SendAsync(RespClient.Encode("BLPOP", "q", "0"));
        await BlockedAsync(1);
        Assert.Equal(1L, await pusher.CommandAsync("RPUSH", "q", "hello"));
        Assert.Equal(new object?[] { "q", "hello" }, waiter.ReadReply());
        Assert.Equal(0L, await pusher.CommandAsync("EXISTS", "q"));
        await BlockedAsync(0);
    }

    [Fact]
    public async Task BLMOVE_into_a_key_of_another_type_is_answered_WRONGTYPE_and_the_next_waiter_is_served()
    {
        // As redis-server 7 answers: the first waiter gets WRONGTYPE, the element stays for the next one.
        await using var wrong = await RespClient.ConnectAsync(_server.Port);
        await using var right = await RespClient.ConnectAsync(_server.Port);
        await using var pusher = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await pusher.CommandAsync("SET", "dst", "x"));
        await wrong.SendAsync(RespClient.Encode("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"));
        await BlockedAsync(1);
        await right.SendAsync(RespClient.Encode("BLMOVE", "src", "other", "LEFT", "RIGHT", "0"));
        await BlockedAsync(2);

        Assert.Equal(2L, await pusher.CommandAsync("RPUSH", "src", "a", "b"));
        var error = Assert.IsType<RespError>(wrong.ReadReply());
        Assert.StartsWith("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal("a", right.ReadReply());
        Assert.Equal(new object?[] { "b" }, await pusher.CommandAsync("LRANGE", "src", "0", "-1"));
        Assert.Equal(new object?[] { "a" }, await pusher.CommandAsync("LRANGE", "other", "0", "-1"));
        Assert.Equal("x", await pusher.CommandAsync("GET", "dst"));
        await BlockedAsync(0);
    }

    [Fact]
    public async Task Waiters_are_served_in_the_order_they_blocked()
    {
        var waiters = new List<RespClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var waiter = await RespClient.ConnectAsync(_server.Port);
                waiters.Add(waiter);
                await waiter.SendAsync(RespClient.Encode("BLPOP", "q", "0"));
                await BlockedAsync(i + 1);
            }

            // One push of three elements: the first to block gets the first element.
            Assert.Equal(3L, await _observer.CommandAsync("RPUSH", "q", "a", "b", "c"));
            Assert.Equal(new object?[] { "q", "a" }, waiters[0].ReadReply());
            Assert.Equal(new object?[] { "q", "b" }, waiters[1].ReadReply());
            Assert.Equal(new object?[] { "q", "c" }, waiters[2].ReadReply());

            // Again, one element at a time, the waiters blocking in the order 2, 0, 1.
            foreach (var index in new[] { 2, 0, 1 })
            {
                await waiters[index].SendAsync(RespClient.Encode("BRPOP", "q", "0"));
                await BlockedAsync(Array.IndexOf(new[] { 2, 0, 1 }, index) + 1);
            }

            foreach (var (index, element) in new[] { (2, "x"), (0, "y"), (1, "z") })
            {
                Assert.Equal(1L, await _observer.CommandAsync("LPUSH", "q", element));
                Assert.Equal(new object?[] { "q", element }, waiters[index].ReadReply());
            }
        }
        finally
        {
            foreach (var waiter in waiters)
            {
                await waiter.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_timeout_runs_on_the_servers_clock()
    {
        await using var waiter = await RespClient.ConnectAsync(_server.Port);
        await waiter.SendAsync(RespClient.Encode("BLPOP", "q", "1.5"));
        await BlockedAsync(1);
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(1400));
        await BlockedAsync(1);
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Null(waiter.ReadReply());
        await BlockedAsync(0);

        // Every blocking pop times out with a null array (RESP3: null); 0 waits for ever.
        await waiter.SendAsync(RespClient.Encode("BLMOVE", "q", "d", "LEFT", "RIGHT", "0.01"));
        await BlockedAsync(1);
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Null(waiter.ReadReply());
        await waiter.SendAsync(RespClient.Encode("BZPOPMIN", "z", "0"));
        await BlockedAsync(1);
        _server.FakeTime.Advance(TimeSpan.FromDays(400));
        await BlockedAsync(1);
        Assert.Equal(1L, await _observer.CommandAsync("ZADD", "z", "2.5", "m"));
        Assert.Equal(new object?[] { "z", "m", "2.5" }, waiter.ReadReply());
    }

    [Fact]
    public async Task Other_blocking_pops_are_served_with_their_own_replies()
    {
        await using var waiter = await RespClient.ConnectAsync(_server.Port);
        await waiter.SendAsync(RespClient.Encode("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"));
        await BlockedAsync(1);
        Assert.Equal(2L, await _observer.CommandAsync("RPUSH", "src", "a", "b"));
        Assert.Equal("b", waiter.ReadReply());
        Assert.Equal(new object?[] { "b" }, await _observer.CommandAsync("LRANGE", "dst", "0", "-1"));

        await waiter.SendAsync(RespClient.Encode("BLMPOP", "0", "2", "none", "src2", "LEFT", "COUNT", "5"));
        await BlockedAsync(1);
        Assert.Equal(2L, await _observer.CommandAsync("RPUSH", "src2", "x", "y"));
        Assert.Equal(new object?[] { "src2", new object?[] { "x", "y" } }, waiter.ReadReply());

        await waiter.SendAsync(RespClient.Encode("BZMPOP", "0", "1", "z", "MAX"));
        await BlockedAsync(1);
        Assert.Equal(2L, await _observer.CommandAsync("ZADD", "z", "1", "low", "9", "high"));
        Assert.Equal(new object?[] { "z", new object?[] { new object?[] { "high", "9" } } }, waiter.ReadReply());

        // A waiter for a sorted set is not served by a list under the same key; the list's waiter behind it is.
        await using var second = await RespClient.ConnectAsync(_server.Port);
        await waiter.SendAsync(RespClient.Encode("BZPOPMAX", "k", "0"));
        await BlockedAsync(1);
        await second.SendAsync(RespClient.Encode("BRPOPLPUSH", "k", "out", "0"));
        await BlockedAsync(2);
        Assert.Equal(1L, await _observer.CommandAsync("RPUSH", "k", "v"));
        Assert.Equal("v", second.ReadReply());
        await BlockedAsync(1);
        Assert.Equal(1L, await _observer.CommandAsync("ZADD", "k", "1", "m"));
        Assert.Equal(new object?[] { "k", "m", "1" }, waiter.ReadReply());
    }

    [Fact]
    public async Task A_transaction_wakes_waiters_after_it_ran_and_blocking_pops_inside_it_do_not_wait()
    {
        await using var waiter = await RespClient.ConnectAsync(_server.Port);
        await waiter.SendAsync(RespClient.Encode("BLPOP", "q", "0"));
        await BlockedAsync(1);
        Assert.Equal("OK", await _observer.CommandAsync("MULTI"));
        Assert.Equal("QUEUED", await _observer.CommandAsync("RPUSH", "q", "a", "b"));
        Assert.Equal("QUEUED", await _observer.CommandAsync("LPOP", "q"));
        Assert.Equal("QUEUED", await _observer.CommandAsync("BLPOP", "empty", "0"));
        Assert.Equal("QUEUED", await _observer.CommandAsync("BLMOVE", "empty", "d", "LEFT", "LEFT", "0"));
        Assert.Equal(new object?[] { 2L, "a", null, null }, await _observer.CommandAsync("EXEC"));
        Assert.Equal(new object?[] { "q", "b" }, waiter.ReadReply());
    }

    [Fact]
    public async Task CLIENT_UNBLOCK_answers_as_a_timeout_or_with_an_error()
    {
        await using var waiter = await RespClient.ConnectAsync(_server.Port);
        var id = ((long)(await waiter.CommandAsync("CLIENT", "ID"))!).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0L, await _observer.CommandAsync("CLIENT", "UNBLOCK", id));
        await waiter.SendAsync(RespClient.Encode("BLPOP", "q", "0"));
        await BlockedAsync(1);
        var line = (string)(await _observer.CommandAsync("CLIENT", "LIST", "ID", id))!;
        Assert.Contains(" flags=b ", line, StringComparison.Ordinal);
        Assert.Equal(new RespError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"), await _observer.CommandAsync("CLIENT", "UNBLOCK", id, "NOW"));
        Assert.Equal(1L, await _observer.CommandAsync("CLIENT", "UNBLOCK", id));
        Assert.Null(waiter.ReadReply());

        await waiter.SendAsync(RespClient.Encode("BZPOPMIN", "z", "0"));
        await BlockedAsync(1);
        Assert.Equal(1L, await _observer.CommandAsync("CLIENT", "UNBLOCK", id, "ERROR"));
        Assert.Equal(new RespError("UNBLOCKED client unblocked via CLIENT UNBLOCK"), waiter.ReadReply());
        Assert.Equal(0L, await _observer.CommandAsync("CLIENT", "UNBLOCK", id));
        Assert.Equal("PONG", await waiter.CommandAsync("PING"));
    }

    [Fact]
    public async Task A_waiter_that_closes_leaves_its_wait_lists()
    {
        var gone = await RespClient.ConnectAsync(_server.Port);
        await gone.SendAsync(RespClient.Encode("BLPOP", "a", "b", "0"));
        await BlockedAsync(1);
        await gone.DisposeAsync();
        await BlockedAsync(0);

        await using var waiter = await RespClient.ConnectAsync(_server.Port);
        await waiter.SendAsync(RespClient.Encode("BLPOP", "b", "0"));
        await BlockedAsync(1);
        Assert.Equal(1L, await _observer.CommandAsync("RPUSH", "b", "v"));
        Assert.Equal(new object?[] { "b", "v" }, waiter.ReadReply());
    }

    [Fact]
    public async Task The_line_dialect_blocks_too()
    {
        await using var waiter = await _server.ConnectAsync();
        await waiter.SendAsync("BLPOP q 0\n");
        await BlockedAsync(1);
        Assert.Equal(1L, await _observer.CommandAsync("RPUSH", "q", "v"));
        Assert.Equal("*2", await waiter.ReadLineAsync());
        Assert.Equal("q", await waiter.ReadLineAsync());
        Assert.Equal("v", await waiter.ReadLineAsync());
        await waiter.SendAsync("BLPOP q 1\n");
        await BlockedAsync(1);
        _server.FakeTime.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("(nil)", await waiter.ReadLineAsync());
    }

    [Fact]
    public async Task Ten_consumers_move_a_hundred_thousand_items_with_BLMOVE_losing_and_duplicating_none()
    {
        const int Items = 100_000;
        const int Consumers = 10;
        const int Pipeline = 20;
        const string Stop = "stop";

        var stops = 0;
        async Task<List<string>> ConsumeAsync()
        {
            await using var c = await RespClient.ConnectAsync(_server.Port);
            var received = new List<string>();
            var request = Enumerable.Range(0, Pipeline).SelectMany(_ => RespClient.Encode("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0")).ToArray();
            while (true)
            {
                await c.SendAsync(request);
                var stopped = false;
                for (var i = 0; i < Pipeline; i++)
                {
                    var item = (string)c.ReadReply()!;
                    if (item == Stop)
                    {
                        stopped = true;
                        Interlocked.Increment(ref stops);
                    }
                    else
                    {
                        received.Add(item);
                    }
                }

                if (stopped)
                {
                    return received;
                }
            }
        }

        var consumers = Enumerable.Range(0, Consumers).Select(_ => Task.Run(ConsumeAsync)).ToArray();
        await using (var producer = await RespClient.ConnectAsync(_server.Port))
        {
            for (var start = 0; start < Items; start += 100)
            {
                var batch = Enumerable.Range(start, 100).Select(i => (object)i.ToString(CultureInfo.InvariantCulture));
                Assert.IsType<long>(await producer.CommandAsync(["RPUSH", "src", .. batch]));
            }

            // Each consumer's last pipeline may take up to Pipeline stop marks: enough for all of them to finish.
            Assert.IsType<long>(await producer.CommandAsync(["RPUSH", "src", .. Enumerable.Repeat((object)Stop, Consumers * Pipeline)]));
        }

        var all = (await Task.WhenAll(consumers).WaitAsync(TimeSpan.FromMinutes(3))).SelectMany(r => r).ToList();
        Assert.Equal(Items, all.Count);
        Assert.Equal(Items, all.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Items), all.Select(i => int.Parse(i, CultureInfo.InvariantCulture)).Order());
        // The stop marks a consumer's last pipeline did not take stay behind in src.
        Assert.Equal((long)Items + stops, await _observer.CommandAsync("LLEN", "dst"));
        Assert.Equal((long)(Consumers * Pipeline) - stops, await _observer.CommandAsync("LLEN", "src"));
    }
}
