using System.Text;
using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>Many requests in flight on one connection, from one caller or many: every reply reaches its own request.</summary>
public sealed class PipeliningTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task TenThousandRequestsSentBeforeAnyReply_AreAnsweredInOrder(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        const int count = 10_000;

        var sets = new Task<bool>[count];
        for (var i = 0; i < count; i++)
        {
            sets[i] = client.SetAsync(Key(i), Value(i));
        }

        var gets = new Task<byte[]?>[count];
        for (var i = 0; i < count; i++)
        {
            gets[i] = client.GetAsync(Key(i));
        }

        Assert.All(await Task.WhenAll(sets), Assert.True);
        var values = await Task.WhenAll(gets);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(Value(i), values[i]);
        }

        Assert.Equal(count, await client.DbSizeAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task ManyConcurrentCallers_EachGetTheirOwnReplies(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        const int callers = 32;
        const int perCaller = 300;

        var workers = Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                var key = Key((caller * perCaller) + i);
                var value = Value((caller * perCaller) + i);
                Assert.True(await client.SetAsync(key, value));
                Assert.Equal(value, await client.GetAsync(key));
                Assert.Equal(1, await client.ExistsAsync(key));
                Assert.Equal(Encoding.ASCII.GetBytes($"c{caller}"), await client.PingAsync(Encoding.ASCII.GetBytes($"c{caller}")));
            }
        }));

        await Task.WhenAll(workers);
        Assert.Equal(callers * perCaller, await client.DbSizeAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task AnErrorInTheMiddleOfAPipeline_FailsOnlyItsOwnRequest(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        var before = client.SetAsync("a", "1");
        var bad = client.SetAsync("b", "2", SetOptions.WithExpiry(Expiry.InSeconds(-5)));
        var after = client.GetAsync("a");

        Assert.True(await before);
        await Assert.ThrowsAsync<MiniStoreServerException>(() => bad);
        Assert.Equal("1", await after);
    }

    private static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key:{i}");

    private static byte[] Value(int i) => Encoding.ASCII.GetBytes($"value {i} with spaces \"and quotes\"");
}
