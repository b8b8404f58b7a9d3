using System.Text;
using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>Keys and values are bytes: quoting (line) and bulk strings (RESP) must carry every byte exactly.</summary>
public sealed class BinaryValueTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<WireFormat, string> TrickyValues
    {
        get
        {
            var data = new TheoryData<WireFormat, string>();
            string[] values = ["", " ", "two words", "(nil)", "ERR: not an error", "ERR", "OK", "17", "-2", "\"quoted\"", "'single'", "a\"b", "tab\there", "line\nbreak", "crlf\r\n", "back\\slash", "\\x41", "PONG", "ünïcödé"];
            foreach (var protocol in Protocols.Served)
            {
                foreach (var value in values)
                {
                    data.Add(protocol, value);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(TrickyValues))]
    public async Task ValuesThatLookLikeRepliesOrBreakLines_RoundTrip(WireFormat protocol, string value)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.True(await client.SetAsync("k", value));
        Assert.Equal(value, await client.GetAsync("k"));
        Assert.Equal(value, await client.PingAsync(value));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task EveryByteValue_RoundTripsInKeysAndValues(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        var all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var key = Encoding.ASCII.GetBytes("key with space\n").Concat(all).ToArray();

        Assert.True(await client.SetAsync(key, all));

        Assert.Equal(all, await client.GetAsync(key));
        Assert.Equal(1, await client.ExistsAsync(key));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task LargeValue_RoundTrips(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        var value = new byte[300_000];
        new Random(7).NextBytes(value);

        Assert.True(await client.SetAsync("big"u8.ToArray(), value));

        Assert.Equal(value, await client.GetAsync("big"u8.ToArray()));
    }
}
