using System.Text;

namespace MiniStore.Server.Tests;

/// <summary>Pipelining, split writes and the size limit, over a real socket.</summary>
public sealed class FramingTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ten_thousand_pipelined_requests_in_one_write_are_answered_in_order()
    {
        await using var client = await _server.ConnectAsync();
        var batch = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            batch.Append(i % 2 == 0 ? $"SET key:{i} value:{i}\r\n" : $"GET key:{i - 1}\n");
        }

        await client.SendAsync(batch.ToString());
        for (var i = 0; i < 10_000; i++)
        {
            Assert.Equal(i % 2 == 0 ? "OK" : $"value:{i - 1}", await client.ReadLineAsync());
        }
    }

    [Fact]
    public async Task A_request_sent_one_byte_per_write_is_served()
    {
        await using var client = await _server.ConnectAsync();
        foreach (var b in Encoding.ASCII.GetBytes("SET \"split key\" 'split value'\r\nGET \"split key\"\r\n"))
        {
            await client.SendAsync(new[] { b });
        }

        Assert.Equal("OK", await client.ReadLineAsync());
        Assert.Equal("split value", await client.ReadLineAsync());
    }

    [Fact]
    public async Task A_2_MiB_line_gets_the_error_and_the_connection_keeps_serving()
    {
        await using var client = await _server.ConnectAsync();
        var huge = new byte[2 * 1024 * 1024];
        Array.Fill(huge, (byte)'x');
        "SET k "u8.CopyTo(huge);
        huge[^1] = (byte)'\n';
        await client.SendAsync(huge);
        Assert.Equal("ERR: request too large", await client.ReadLineAsync());
        Assert.Equal("PONG", await client.CommandAsync("PING"));
        Assert.Equal("(nil)", await client.CommandAsync("GET k"));
    }

    [Fact]
    public async Task Many_pipelined_reads_of_a_large_value_are_all_answered_in_order()
    {
        // 200 GETs of a 256 KiB value in one write: 50 MiB of replies, flushed as they build up.
        await using var client = await _server.ConnectAsync();
        var value = new string('L', 256 * 1024);
        Assert.Equal("OK", await client.CommandAsync($"SET big {value}"));
        var batch = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            batch.Append("GET big\r\n");
        }

        batch.Append("PING\r\n");
        await client.SendAsync(batch.ToString());
        for (var i = 0; i < 200; i++)
        {
            var reply = await client.ReadLineBytesAsync();
            Assert.Equal(value.Length, reply.Length);
        }

        Assert.Equal("PONG", await client.ReadLineAsync());
    }

    [Fact]
    public async Task A_line_just_under_the_limit_is_accepted()
    {
        await using var client = await _server.ConnectAsync();
        var value = new string('v', _server.Settings.MaxRequestBytes - 64);
        Assert.Equal("OK", await client.CommandAsync($"SET k {value}"));
        Assert.Equal("OK", await client.CommandAsync("SET k small"));
    }

    [Fact]
    public async Task Replies_follow_the_request_order_across_many_small_writes()
    {
        await using var client = await _server.ConnectAsync();
        for (var i = 0; i < 200; i++)
        {
            await client.SendAsync($"SET k{i} {i}\r\nGET k{i}\r\n");
        }

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("OK", await client.ReadLineAsync());
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), await client.ReadLineAsync());
        }
    }

    [Fact]
    public async Task Complete_requests_before_EOF_are_served()
    {
        var client = await _server.ConnectAsync();
        await client.SendAsync("SET eof value\r\nGET eof\r\nGET unterminated");
        await client.DisposeAsync();

        await using var check = await _server.ConnectAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string reply;
        while ((reply = await check.CommandAsync("GET eof")) != "value" && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.Equal("value", reply);
    }
}
