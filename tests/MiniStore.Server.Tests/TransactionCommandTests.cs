namespace MiniStore.Server.Tests;

/// <summary>MULTI/EXEC/DISCARD/WATCH/UNWATCH over real sockets, both dialects, with Redis 7.0's replies.</summary>
public sealed class TransactionCommandTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EXEC_runs_the_queue_and_answers_each_command()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal("QUEUED", await c.CommandAsync("SET", "k", "1"));
        Assert.Equal("QUEUED", await c.CommandAsync("INCR", "k"));
        Assert.Equal("QUEUED", await c.CommandAsync("LPUSH", "k", "x"));
        Assert.Equal("QUEUED", await c.CommandAsync("GET", "k"));
        var results = (object?[])(await c.CommandAsync("EXEC"))!;
        Assert.Equal(4, results.Length);
        Assert.Equal("OK", results[0]);
        Assert.Equal(2L, results[1]);
        Assert.Equal(new RespError("WRONGTYPE Operation against a key holding the wrong kind of value"), results[2]);
        Assert.Equal("2", results[3]);
        Assert.Equal(new RespError("ERR EXEC without MULTI"), await c.CommandAsync("EXEC"));
    }

    [Fact]
    public async Task Queueing_errors_abort_the_transaction_and_misuse_answers_as_Redis()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(new RespError("ERR EXEC without MULTI"), await c.CommandAsync("EXEC"));
        Assert.Equal(new RespError("ERR DISCARD without MULTI"), await c.CommandAsync("DISCARD"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal(new RespError("ERR MULTI calls can not be nested"), await c.CommandAsync("MULTI"));
        Assert.Equal(new RespError("ERR WATCH inside MULTI is not allowed"), await c.CommandAsync("WATCH", "k"));
        Assert.Equal("QUEUED", await c.CommandAsync("SET", "k", "1"));
        Assert.IsType<RespError>(await c.CommandAsync("NOSUCH"));
        Assert.Equal(new RespError("EXECABORT Transaction discarded because of previous errors."), await c.CommandAsync("EXEC"));
        Assert.Null(await c.CommandAsync("GET", "k"));

        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'get' command"), await c.CommandAsync("GET"));
        Assert.Equal(new RespError("EXECABORT Transaction discarded because of previous errors."), await c.CommandAsync("EXEC"));

        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal("QUEUED", await c.CommandAsync("SET", "k", "1"));
        Assert.Equal("OK", await c.CommandAsync("DISCARD"));
        Assert.Null(await c.CommandAsync("GET", "k"));
        Assert.Equal(new RespError("ERR EXEC without MULTI"), await c.CommandAsync("EXEC"));
    }

    [Fact]
    public async Task A_watched_key_changed_by_another_client_makes_EXEC_answer_a_null_array()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        await using var other = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("WATCH", "k"));
        Assert.Equal("OK", await other.CommandAsync("SET", "k", "theirs"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal("QUEUED", await c.CommandAsync("SET", "k", "mine"));
        Assert.Null(await c.CommandAsync("EXEC"));
        Assert.Equal("theirs", await c.CommandAsync("GET", "k"));

        // EXEC forgets the watch: the next transaction runs.
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal("QUEUED", await c.CommandAsync("SET", "k", "mine"));
        Assert.Equal(new object?[] { "OK" }, await c.CommandAsync("EXEC"));

        // RESP3's null.
        Assert.IsType<Dictionary<string, object?>>(await c.CommandAsync("HELLO", "3"));
        Assert.Equal("OK", await c.CommandAsync("WATCH", "k"));
        Assert.Equal(1L, await other.CommandAsync("DEL", "k"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Null(await c.CommandAsync("EXEC"));
    }

    [Fact]
    public async Task UNWATCH_and_DISCARD_forget_the_watches()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        await using var other = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("WATCH", "k"));
        Assert.Equal("OK", await c.CommandAsync("UNWATCH"));
        Assert.Equal("OK", await other.CommandAsync("SET", "k", "1"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal(new object?[] { "PONG" }, await RunAsync(c, "PING"));

        Assert.Equal("OK", await c.CommandAsync("WATCH", "k"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal("OK", await c.CommandAsync("DISCARD"));
        Assert.Equal("OK", await other.CommandAsync("SET", "k", "2"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal(new object?[] { "PONG" }, await RunAsync(c, "PING"));
    }

    [Fact]
    public async Task Expiry_and_FLUSHALL_of_a_watched_key_are_changes_but_flushing_an_absent_one_is_not()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await c.CommandAsync("SET", "k", "1", "PX", "100"));
        Assert.Equal("OK", await c.CommandAsync("WATCH", "k"));
        _server.FakeTime.Advance(TimeSpan.FromMilliseconds(150));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Null(await c.CommandAsync("EXEC"));

        Assert.Equal("OK", await c.CommandAsync("SET", "k", "1"));
        Assert.Equal("OK", await c.CommandAsync("WATCH", "k"));
        Assert.Equal("OK", await c.CommandAsync("FLUSHALL"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Null(await c.CommandAsync("EXEC"));

        Assert.Equal("OK", await c.CommandAsync("WATCH", "absent"));
        Assert.Equal("OK", await c.CommandAsync("FLUSHALL"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal(new object?[] { "PONG" }, await RunAsync(c, "PING"));
    }

    [Fact]
    public async Task CLIENT_LIST_shows_a_client_in_MULTI()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        await using var observer = await RespClient.ConnectAsync(_server.Port);
        var id = (long)(await c.CommandAsync("CLIENT", "ID"))!;
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal("QUEUED", await c.CommandAsync("PING"));
        var line = (string)(await observer.CommandAsync("CLIENT", "LIST", "ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
        Assert.Contains(" flags=x ", line, StringComparison.Ordinal);
        Assert.Contains(" multi=1 ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_line_dialect_queues_with_QUEUED_and_answers_EXEC_with_an_array()
    {
        await using var c = await _server.ConnectAsync();
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal("QUEUED", await c.CommandAsync("SET k 5"));
        Assert.Equal("QUEUED", await c.CommandAsync("INCR k"));
        Assert.Equal("QUEUED", await c.CommandAsync("RPUSH l a b"));
        Assert.Equal("QUEUED", await c.CommandAsync("LRANGE l 0 -1"));
        Assert.Equal("*4", await c.CommandAsync("EXEC"));
        Assert.Equal("OK", await c.ReadLineAsync());
        Assert.Equal("6", await c.ReadLineAsync());
        Assert.Equal("2", await c.ReadLineAsync());
        Assert.Equal("*2", await c.ReadLineAsync());
        Assert.Equal("a", await c.ReadLineAsync());
        Assert.Equal("b", await c.ReadLineAsync());

        Assert.Equal("ERR: EXEC without MULTI", await c.CommandAsync("EXEC"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal("ERR: unknown command 'nosuch'", await c.CommandAsync("nosuch"));
        Assert.Equal("ERR: Transaction discarded because of previous errors.", await c.CommandAsync("EXEC"));

        Assert.Equal("OK", await c.CommandAsync("WATCH k"));
        Assert.Equal("OK", await c.CommandAsync("SET k 1"));
        Assert.Equal("OK", await c.CommandAsync("MULTI"));
        Assert.Equal("(nil)", await c.CommandAsync("EXEC"));
    }

    [Fact]
    public async Task EXEC_is_atomic_for_every_key_it_touches()
    {
        // Two writers: one moves a unit between two counters inside transactions, the other reads both inside its own
        // transactions; their sum is the same in every read, so no write of one transaction showed up half done.
        await using var writer = await RespClient.ConnectAsync(_server.Port);
        await using var reader = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal("OK", await writer.CommandAsync("MSET", "{a}", "1000", "{b}", "0"));
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                Assert.Equal("OK", await writer.CommandAsync("MULTI"));
                Assert.Equal("QUEUED", await writer.CommandAsync("DECR", "{a}"));
                Assert.Equal("QUEUED", await writer.CommandAsync("INCR", "{b}"));
                Assert.Equal(2, ((object?[])(await writer.CommandAsync("EXEC"))!).Length);
            }
        });
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal("OK", await reader.CommandAsync("MULTI"));
            Assert.Equal("QUEUED", await reader.CommandAsync("GET", "{a}"));
            Assert.Equal("QUEUED", await reader.CommandAsync("GET", "{b}"));
            var both = (object?[])(await reader.CommandAsync("EXEC"))!;
            Assert.Equal(1000, long.Parse((string)both[0]!, System.Globalization.CultureInfo.InvariantCulture) + long.Parse((string)both[1]!, System.Globalization.CultureInfo.InvariantCulture));
        }

        await writing;
    }

    [Fact]
    public async Task Two_clients_racing_WATCH_GET_MULTI_SET_EXEC_lose_no_increment()
    {
        const int Total = 10_000;
        var remaining = Total;
        async Task WorkAsync()
        {
            await using var c = await RespClient.ConnectAsync(_server.Port);
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                while (true)
                {
                    Assert.Equal("OK", await c.CommandAsync("WATCH", "counter"));
                    var value = await c.CommandAsync("GET", "counter") is string text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    Assert.Equal("OK", await c.CommandAsync("MULTI"));
                    Assert.Equal("QUEUED", await c.CommandAsync("SET", "counter", (value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    if (await c.CommandAsync("EXEC") is not null)
                    {
                        break;
                    }
                }
            }
        }

        await Task.WhenAll(Task.Run(WorkAsync), Task.Run(WorkAsync));
        await using var check = await RespClient.ConnectAsync(_server.Port);
        Assert.Equal(Total.ToString(System.Globalization.CultureInfo.InvariantCulture), await check.CommandAsync("GET", "counter"));
    }

    private static async Task<object?> RunAsync(RespClient c, string command)
    {
        Assert.Equal("QUEUED", await c.CommandAsync(command));
        return await c.CommandAsync("EXEC");
    }
}
