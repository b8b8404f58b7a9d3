using System.Text;
using MiniStore.Core;

namespace MiniStore.Server.Tests;

/// <summary>
/// The string commands beyond the seed's (INCR family, INCRBYFLOAT, MGET, MSET, MSETNX, APPEND, STRLEN, GETDEL,
/// GETSET, GETRANGE, SUBSTR, SETRANGE) over a real socket, in both dialects.
/// </summary>
public sealed class StringCommandTests : IAsyncLifetime
{
    private const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
    private const string NotAnInteger = "ERR value is not an integer or out of range";

    private InProcessServer _server = null!;
    private LineClient _client = null!;
    private RespClient _resp = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        _client = await _server.ConnectAsync();
        _resp = await RespClient.ConnectAsync(_server.Port);
    }

    public async Task DisposeAsync()
    {
        await _resp.DisposeAsync();
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<string> Do(string line) => _client.CommandAsync(line);

    private Task<object?> Resp(params object[] args) => _resp.CommandAsync(args);

    private async Task<string> RespError(params object[] args) => Assert.IsType<RespError>(await Resp(args)).Message;

    private async Task<string[]> LineArray(string line)
    {
        var header = await Do(line);
        Assert.StartsWith("*", header, StringComparison.Ordinal);
        var items = new string[int.Parse(header[1..], System.Globalization.CultureInfo.InvariantCulture)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = await _client.ReadLineAsync();
        }

        return items;
    }

    [Fact]
    public async Task INCR_family_in_the_line_dialect()
    {
        Assert.Equal("1", await Do("INCR n"));
        Assert.Equal("11", await Do("INCRBY n 10"));
        Assert.Equal("10", await Do("DECR n"));
        Assert.Equal("-5", await Do("DECRBY n 15"));
        Assert.Equal("-5", await Do("GET n"));
        Assert.Equal("-1", await Do("DECR fresh"));
        Assert.Equal("ERR: not an integer", await Do("INCRBY n 1.5"));
        Assert.Equal("ERR: not an integer", await Do("INCRBY n +1"));
        Assert.Equal("OK", await Do("SET text abc"));
        Assert.Equal("ERR: not an integer", await Do("INCR text"));
        Assert.Equal("OK", await Do("SET max 9223372036854775807"));
        Assert.Equal("ERR: overflow", await Do("INCR max"));
        Assert.Equal("ERR: overflow", await Do("DECRBY n -9223372036854775808"));
        Assert.Equal("1", await Do("SADD s a"));
        Assert.Equal("ERR: wrong type", await Do("INCR s"));
        Assert.Equal("ERR: wrong type", await Do("INCRBYFLOAT s 1"));
    }

    [Fact]
    public async Task INCR_family_over_RESP_with_Redis_error_texts()
    {
        Assert.Equal(1L, await Resp("INCR", "n"));
        Assert.Equal(-9L, await Resp("INCRBY", "n", "-10"));
        Assert.Equal(-10L, await Resp("DECR", "n"));
        Assert.Equal(0L, await Resp("DECRBY", "n", "-10"));
        Assert.Equal("ERR decrement would overflow", await RespError("DECRBY", "n", "-9223372036854775808"));
        Assert.Equal(NotAnInteger, await RespError("INCRBY", "n", "x"));
        Assert.Equal("OK", await Resp("SET", "max", "9223372036854775807"));
        Assert.Equal("ERR increment or decrement would overflow", await RespError("INCR", "max"));
        Assert.Equal("OK", await Resp("SET", "min", "-9223372036854775808"));
        Assert.Equal("ERR increment or decrement would overflow", await RespError("DECR", "min"));
        Assert.Equal(-9223372036854775807L, await Resp("INCR", "min"));

        // As Redis's string2ll: no spaces, no '+', no leading zeros, no "-0", nothing past 64 bits.
        foreach (var bad in new[] { " 1", "1 ", "+1", "01", "-0", "", "9223372036854775808", "1e3" })
        {
            Assert.Equal("OK", await Resp("SET", "v", bad));
            Assert.Equal(NotAnInteger, await RespError("INCR", "v"));
        }

        Assert.Equal(1L, await Resp("SADD", "s", "a"));
        Assert.Equal(WrongType, await RespError("INCR", "s"));

        // The increment is judged before the key's type, as Redis does.
        Assert.Equal(NotAnInteger, await RespError("INCRBY", "s", "x"));
    }

    [Fact]
    public async Task INCR_and_INCRBYFLOAT_keep_the_expiry_GETSET_clears_it()
    {
        Assert.Equal("OK", await Resp("SET", "k", "5", "EX", "100"));
        Assert.Equal(6L, await Resp("INCR", "k"));
        Assert.Equal(100L, await Resp("TTL", "k"));
        Assert.Equal("7.5", await Resp("INCRBYFLOAT", "k", "1.5"));
        Assert.Equal(100L, await Resp("TTL", "k"));
        Assert.Equal(4L, await Resp("APPEND", "k", "x"));
        Assert.Equal(100L, await Resp("TTL", "k"));
        Assert.Equal("7.5x", await Resp("GETSET", "k", "new"));
        Assert.Equal(-1L, await Resp("TTL", "k"));
    }

    [Fact]
    public async Task INCRBYFLOAT_formats_as_redis_long_double()
    {
        Assert.Equal("10.5", await Resp("INCRBYFLOAT", "f", "10.5"));
        Assert.Equal("10.6", await Resp("INCRBYFLOAT", "f", "0.1"));
        Assert.Equal("5010.60000000000000009", await Resp("INCRBYFLOAT", "f", "5.0e3"));
        Assert.Equal("OK", await Resp("SET", "big", "10000000000"));
        Assert.Equal("10000000000.09999999962747097", await Resp("INCRBYFLOAT", "big", "0.1"));
        Assert.Equal("0", await Resp("INCRBYFLOAT", "z", "-0.000000000000000001"));
        Assert.Equal("8", await Resp("INCRBYFLOAT", "hex", "0x1p3"));
        Assert.Equal("0.30000000000000001", await Resp("INCRBYFLOAT", "third", "0.30000000000000001"));
        Assert.Equal("ERR value is not a valid float", await RespError("INCRBYFLOAT", "f", "abc"));
        Assert.Equal("ERR value is not a valid float", await RespError("INCRBYFLOAT", "f", "nan"));
        Assert.Equal("ERR value is not a valid float", await RespError("INCRBYFLOAT", "f", " 1"));
        Assert.Equal("ERR value is not a valid float", await RespError("INCRBYFLOAT", "f", "1e5000"));
        Assert.Equal("ERR increment would produce NaN or Infinity", await RespError("INCRBYFLOAT", "f", "inf"));
        Assert.Equal("OK", await Resp("SET", "text", "abc"));
        Assert.Equal("ERR value is not a valid float", await RespError("INCRBYFLOAT", "text", "1"));
        Assert.Equal("5010.60000000000000009", await Resp("GET", "f"));
        Assert.Equal("ERR: not a float", await Do("INCRBYFLOAT f x"));
        Assert.Equal("ERR: increment would produce NaN or Infinity", await Do("INCRBYFLOAT f -inf"));
        Assert.Equal("5011", await Do("INCRBYFLOAT f 0.4"));
    }

    [Fact]
    public async Task MGET_MSET_MSETNX_in_both_dialects()
    {
        Assert.Equal("OK", await Do("MSET a 1 b \"two words\""));
        Assert.Equal("1", await Do("SADD s m"));
        Assert.Equal(["1", "two words", "(nil)", "(nil)"], await LineArray("MGET a b missing s"));
        Assert.Equal(["1"], await LineArray("MGET a"));
        Assert.Equal("ERR: invalid arguments", await Do("MSET a 1 b"));
        Assert.Equal("0", await Do("MSETNX c 3 a 9"));
        Assert.Equal("0", await Do("EXISTS c"));
        Assert.Equal("0", await Do("MSETNX c 3 s 9"));
        Assert.Equal("1", await Do("MSETNX c 3 d 4"));

        var values = Assert.IsType<object?[]>(await Resp("MGET", "a", "c", "d", "missing", "s"));
        Assert.Equal(["1", "3", "4", null, null], values);
        Assert.Equal("ERR wrong number of arguments for 'mset' command", await RespError("MSET", "a", "1", "b"));
        Assert.Equal("ERR wrong number of arguments for 'msetnx' command", await RespError("MSETNX", "a"));

        // MSET replaces any type and clears expiries.
        Assert.Equal("OK", await Resp("SET", "t", "v", "EX", "100"));
        Assert.Equal("OK", await Resp("MSET", "s", "str", "t", "w"));
        Assert.Equal("str", await Resp("GET", "s"));
        Assert.Equal(-1L, await Resp("TTL", "t"));
    }

    [Fact]
    public async Task MGET_of_many_keys_locks_every_shard_and_still_answers()
    {
        var keys = Enumerable.Range(0, 200).Select(i => (object)$"many:{i}").ToArray();
        var pairs = keys.SelectMany(k => new[] { k, $"v{k}" }).ToArray();
        Assert.Equal("OK", await Resp(["MSET", .. pairs]));
        var values = Assert.IsType<object?[]>(await Resp(["MGET", .. keys, "absent"]));
        Assert.Equal(201, values.Length);
        Assert.Equal("vmany:199", values[199]);
        Assert.Null(values[200]);
        Assert.Equal(0L, await Resp(["MSETNX", .. pairs]));
    }

    [Fact]
    public async Task APPEND_STRLEN_GETDEL_GETSET()
    {
        Assert.Equal("5", await Do("APPEND s hello"));
        Assert.Equal("11", await Do("APPEND s \" world\""));
        Assert.Equal("hello world", await Do("GET s"));
        Assert.Equal("11", await Do("STRLEN s"));
        Assert.Equal("0", await Do("STRLEN missing"));
        Assert.Equal("0", await Do("APPEND empty \"\""));
        Assert.Equal("1", await Do("EXISTS empty"));
        Assert.Equal("hello world", await Do("GETSET s new"));
        Assert.Equal("(nil)", await Do("GETSET fresh v"));
        Assert.Equal("new", await Do("GETDEL s"));
        Assert.Equal("0", await Do("EXISTS s"));
        Assert.Equal("(nil)", await Do("GETDEL s"));
        Assert.Equal("1", await Do("SADD set m"));
        Assert.Equal("ERR: wrong type", await Do("APPEND set x"));
        Assert.Equal("ERR: wrong type", await Do("STRLEN set"));
        Assert.Equal("ERR: wrong type", await Do("GETDEL set"));
        Assert.Equal("ERR: wrong type", await Do("GETSET set x"));
        Assert.Equal("1", await Do("EXISTS set"));

        Assert.Equal(WrongType, await RespError("GETSET", "set", "x"));
        Assert.Equal(WrongType, await RespError("STRLEN", "set"));
        Assert.Equal("v", await Resp("GETDEL", "fresh"));
        Assert.Null(await Resp("GETDEL", "fresh"));
    }

    [Fact]
    public async Task GETRANGE_and_SUBSTR_follow_redis_index_rules()
    {
        Assert.Equal("OK", await Resp("SET", "s", "Hello World"));
        Assert.Equal("Hell", await Resp("GETRANGE", "s", "0", "3"));
        Assert.Equal("rld", await Resp("GETRANGE", "s", "-3", "-1"));
        Assert.Equal("Hello World", await Resp("GETRANGE", "s", "0", "-1"));
        Assert.Equal("d", await Resp("GETRANGE", "s", "10", "100"));
        Assert.Equal(string.Empty, await Resp("GETRANGE", "s", "-1", "-5"));
        Assert.Equal(string.Empty, await Resp("GETRANGE", "s", "5", "3"));
        Assert.Equal("Hel", await Resp("GETRANGE", "s", "-100", "2"));
        Assert.Equal("Hello World", await Resp("GETRANGE", "s", "-9223372036854775808", "9223372036854775807"));
        Assert.Equal(string.Empty, await Resp("GETRANGE", "s", "11", "20"));
        Assert.Equal(string.Empty, await Resp("GETRANGE", "missing", "0", "-1"));
        Assert.Equal("el", await Resp("SUBSTR", "s", "1", "2"));
        Assert.Equal(NotAnInteger, await RespError("GETRANGE", "s", "a", "1"));
        Assert.Equal("World", await Do("GETRANGE s 6 -1"));
        Assert.Equal("\"\"", await Do("GETRANGE missing 0 -1"));
        Assert.Equal("1", await Do("SADD set m"));
        Assert.Equal("ERR: wrong type", await Do("GETRANGE set 0 1"));
        Assert.Equal("ERR: not an integer", await Do("SUBSTR set x 1"));
    }

    [Fact]
    public async Task SETRANGE_pads_with_zeros_and_checks_its_offset()
    {
        Assert.Equal("OK", await Resp("SET", "s", "Hello World"));
        Assert.Equal(11L, await Resp("SETRANGE", "s", "6", "Redis"));
        Assert.Equal("Hello Redis", await Resp("GET", "s"));
        Assert.Equal(6L, await Resp("SETRANGE", "pad", "5", "x"));
        Assert.Equal("\0\0\0\0\0x", await Resp("GET", "pad"));
        Assert.Equal(0L, await Resp("SETRANGE", "none", "3", string.Empty));
        Assert.Equal(0L, await Resp("EXISTS", "none"));
        Assert.Equal(11L, await Resp("SETRANGE", "s", "100", string.Empty));
        Assert.Equal("ERR offset is out of range", await RespError("SETRANGE", "s", "-1", "x"));
        Assert.Equal("ERR string exceeds maximum allowed size (proto-max-bulk-len)", await RespError("SETRANGE", "s", "9223372036854775807", "x"));
        Assert.Equal("ERR string exceeds maximum allowed size (proto-max-bulk-len)", await RespError("SETRANGE", "s", "536870912", "x"));
        Assert.Equal(NotAnInteger, await RespError("SETRANGE", "s", "x", "x"));
        Assert.Equal(1L, await Resp("SADD", "set", "m"));
        Assert.Equal(WrongType, await RespError("SETRANGE", "set", "0", "x"));
        Assert.Equal(WrongType, await RespError("SETRANGE", "set", "0", string.Empty));
        Assert.Equal("ERR offset is out of range", await RespError("SETRANGE", "set", "-1", "x"));
        Assert.Equal("ERR: offset is out of range", await Do("SETRANGE s -1 x"));
        Assert.Equal("ERR: string exceeds maximum allowed size", await Do("SETRANGE s 536870911 xy"));
        Assert.Equal("12", await Do("SETRANGE s 11 !"));
        Assert.Equal("Hello Redis!", await Do("GET s"));

        // The limit is proto-max-bulk-len's, as in Redis.
        Assert.Equal("OK", await Resp("CONFIG", "SET", "proto-max-bulk-len", "1mb"));
        Assert.Equal("ERR string exceeds maximum allowed size (proto-max-bulk-len)", await RespError("SETRANGE", "s", "1048576", "x"));
        Assert.Equal(1048576L, await Resp("SETRANGE", "s", "1048575", "x"));
        Assert.Equal("ERR string exceeds maximum allowed size (proto-max-bulk-len)", await RespError("APPEND", "s", "x"));
        Assert.Equal(1048576L, await Resp("STRLEN", "s"));
    }

    [Fact]
    public async Task Growing_strings_past_the_memory_cap_is_refused()
    {
        await using var server = await InProcessServer.StartAsync(store: new StoreOptions { MaxMemoryBytes = 32 * 1024, EvictionPolicy = EvictionPolicy.NoEviction });
        await using var client = await server.ConnectAsync();
        Assert.Equal("OK", await client.CommandAsync("SET k small"));
        var big = new string('x', 40 * 1024);
        Assert.Equal("ERR: out of memory", await client.CommandAsync($"APPEND k {big}"));
        Assert.Equal("ERR: out of memory", await client.CommandAsync("SETRANGE k 40000 x"));
        Assert.Equal("ERR: out of memory", await client.CommandAsync("SETRANGE fresh 40000 x"));
        Assert.Equal("ERR: out of memory", await client.CommandAsync($"MSET other {big}"));
        Assert.Equal("small", await client.CommandAsync("GET k"));
        Assert.Equal("0", await client.CommandAsync("EXISTS fresh"));
        Assert.Equal("1", await client.CommandAsync("INCR counter"));
    }

    [Fact]
    public async Task Concurrent_INCR_loses_no_update()
    {
        const int Clients = 4;
        const int PerClient = 500;
        var tasks = Enumerable.Range(0, Clients).Select(async _ =>
        {
            await using var client = await _server.ConnectAsync();
            var batch = new StringBuilder();
            for (var i = 0; i < PerClient; i++)
            {
                batch.Append("INCR shared\r\n");
            }

            await client.SendAsync(batch.ToString());
            for (var i = 0; i < PerClient; i++)
            {
                await client.ReadLineAsync();
            }
        });
        await Task.WhenAll(tasks);
        Assert.Equal((Clients * PerClient).ToString(System.Globalization.CultureInfo.InvariantCulture), await Do("GET shared"));
    }

    [Fact]
    public async Task MSET_is_never_seen_half_done_by_MGET()
    {
        var stop = false;
        var writer = Task.Run(async () =>
        {
            await using var client = await RespClient.ConnectAsync(_server.Port);
            for (var i = 0; i < 2000; i++)
            {
                var v = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await client.CommandAsync("MSET", "x:a", v, "x:b", v, "x:c", v, "x:d", v);
            }

            Volatile.Write(ref stop, true);
        });

        await using var reader = await RespClient.ConnectAsync(_server.Port);
        var reads = 0;
        while (!Volatile.Read(ref stop) || reads == 0)
        {
            var values = Assert.IsType<object?[]>(await reader.CommandAsync("MGET", "x:a", "x:b", "x:c", "x:d"));
            Assert.Single(values.Distinct());
            reads++;
        }

        await writer;
    }
}

/// <summary>
/// INCR on a counter allocates only the new value's bytes, as a SET overwrite does: measured as
/// <see cref="AllocationTests"/> does, in its collection so nothing else runs meanwhile.
/// </summary>
[Collection(nameof(AllocationTests))]
public sealed class StringAllocationTests : IAsyncLifetime
{
    private const int Requests = 100_000;
    private const int Batch = 500;

    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        await using var setup = await _server.ConnectAsync();
        Assert.Equal("OK", await setup.CommandAsync("SET counter 1000000000"));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void INCR_allocates_only_the_new_value(bool isResp)
    {
        var request = isResp ? "*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n" : "INCR counter\r\n";
        var perRequest = MeasureAllocatedBytesPerRequest(request, isResp);

        // The value stays ten digits long and is stored as one packed array: a 24-byte array header, the 12-byte
        // deadline and LRU header and 10 bytes, rounded up to 8, is 48 bytes (no entry object, no dictionary node).
        const int stored = 48;
        Assert.True(perRequest <= stored + 1, $"INCR: {perRequest:F1} bytes per request, stored {stored}");
    }

    private double MeasureAllocatedBytesPerRequest(string request, bool isResp)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, _server.Port));
        var auth = isResp
            ? $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(InProcessServer.Password)}\r\n{InProcessServer.Password}\r\n"
            : $"PASS \"{InProcessServer.Password}\"\r\n";
        socket.Send(Encoding.UTF8.GetBytes(auth));
        var receive = new byte[256 * 1024];
        ReadNewlines(socket, receive, 1);

        var batch = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(request, Batch)));
        void Run(int requests)
        {
            for (var sent = 0; sent < requests; sent += Batch)
            {
                socket.Send(batch);
                ReadNewlines(socket, receive, Batch);
            }
        }

        Run(Requests / 2);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Run(Requests);
        var after = GC.GetTotalAllocatedBytes(precise: true);
        return (after - before) / (double)Requests;
    }

    private static void ReadNewlines(System.Net.Sockets.Socket socket, byte[] buffer, int count)
    {
        var seen = 0;
        while (seen < count)
        {
            var read = socket.Receive(buffer);
            if (read == 0)
            {
                throw new EndOfStreamException("server closed the connection");
            }

            seen += buffer.AsSpan(0, read).Count((byte)'\n');
        }
    }
}
