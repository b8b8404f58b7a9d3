using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>Every command of protocol.md A.4 through the typed API, against the real server.</summary>
public sealed class CommandTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Ping_AnswersPongOrEchoesTheMessage(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.Equal("PONG", await client.PingAsync());
        Assert.Equal("hello world", await client.PingAsync("hello world"));
        Assert.Equal(new byte[] { 0, 10, 13, 255 }, await client.PingAsync(new byte[] { 0, 10, 13, 255 }));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task SetThenGet_RoundTripsAndMissIsNull(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.True(await client.SetAsync("greeting", "hello world"));
        Assert.Equal("hello world", await client.GetAsync("greeting"));
        Assert.Null(await client.GetAsync("missing"));
        Assert.Null(await client.GetAsync("missing"u8.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Set_NxAndXx_ReportWhetherTheyWrote(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.False(await client.SetAsync("k", "1", SetOptions.IfExists));
        Assert.True(await client.SetAsync("k", "1", SetOptions.IfNotExists));
        Assert.False(await client.SetAsync("k", "2", SetOptions.IfNotExists));
        Assert.True(await client.SetAsync("k", "3", SetOptions.IfExists));
        Assert.Equal("3", await client.GetAsync("k"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task SetAndGet_ReturnsTheOldValue(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.Null(await client.SetAndGetAsync("k", "first"));
        Assert.Equal("first", await client.SetAndGetAsync("k", "second"));
        Assert.Equal("second", await client.SetAndGetAsync("k", "third", SetOptions.IfNotExists));
        Assert.Equal("second", await client.GetAsync("k"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Expiry_ExPxKeepTtlAndTtlFollowTheServerClock(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        Assert.Equal(-2, await client.TtlAsync("k"));
        Assert.True(await client.SetAsync("k", "v"));
        Assert.Equal(-1, await client.TtlAsync("k"));
        Assert.True(await client.SetAsync("k", "v", SetOptions.WithExpiry(Expiry.InSeconds(10))));
        Assert.Equal(10, await client.TtlAsync("k"));
        Assert.True(await client.SetAsync("k", "w", SetOptions.WithExpiry(Expiry.KeepTtl)));
        _server.FakeTime.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(7000, await client.PttlAsync("k"));
        Assert.True(await client.SetAsync("k", "x", new SetOptions(SetCondition.IfExists, Expiry.InMilliseconds(1500))));
        Assert.Equal(1500, await client.PttlAsync("k"));
        Assert.True(await client.SetAsync("k", "y", SetOptions.WithExpiry(Expiry.After(TimeSpan.FromMinutes(1)))));
        Assert.Equal(60, await client.TtlAsync("k"));
        _server.FakeTime.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await client.GetAsync("k"));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task GetEx_ReturnsTheValueAndChangesTheExpiry(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        await client.SetAsync("k", "v");

        Assert.Equal("v", await client.GetExAsync("k", Expiry.InSeconds(100)));
        Assert.Equal(100, await client.TtlAsync("k"));
        Assert.Equal("v", await client.GetExAsync("k"));
        Assert.Equal(100, await client.TtlAsync("k"));
        Assert.Equal("v", await client.GetExAsync("k", Expiry.Persist));
        Assert.Equal(-1, await client.TtlAsync("k"));
        Assert.Null(await client.GetExAsync("missing", Expiry.InMilliseconds(5)));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task DelExistsDbSizeFlushAll_CountKeys(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        await client.SetAsync("a", "1");
        await client.SetAsync("b", "2");
        await client.SetAsync("c", "3");

        Assert.Equal(3, await client.DbSizeAsync());
        Assert.Equal(3, await client.ExistsAsync(["a", "a", "b", "nope"]));
        Assert.Equal(1, await client.ExistsAsync("c"));
        Assert.Equal(2, await client.DelAsync(["a", "b", "nope"]));
        Assert.Equal(0, await client.DelAsync("a"));
        Assert.Equal(1, await client.DbSizeAsync());
        await client.FlushAllAsync();
        Assert.Equal(0, await client.DbSizeAsync());
        Assert.Equal(0, await client.ExistsAsync("c"u8.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Info_ParsesTheServerFields(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);
        await client.SetAsync("a", "1");

        var info = await client.InfoAsync();

        Assert.False(string.IsNullOrEmpty(info.Text));
        var keys = protocol == WireFormat.Line ? info["keys"] : info["db0"];
        Assert.NotNull(keys);
        Assert.Contains("1", keys, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task ServerError_ThrowsWithTheServersMessageAndTheConnectionGoesOn(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        var error = await Assert.ThrowsAsync<MiniStoreServerException>(() => client.SetAsync("k", "v", SetOptions.WithExpiry(Expiry.InSeconds(0))));

        Assert.Contains("invalid expire time", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(error.Message, error.ServerMessage);
        Assert.Equal("PONG", await client.PingAsync());
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task WithoutPassword_CommandsAreRefusedUntilAuthenticated(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol, password: null);

        var refused = await Assert.ThrowsAsync<MiniStoreServerException>(() => client.GetAsync("k"));
        Assert.Contains(protocol == WireFormat.Line ? "Unauthorized" : "NOAUTH", refused.ServerMessage, StringComparison.Ordinal);

        await client.AuthenticateAsync(InProcessServer.Password);
        Assert.Null(await client.GetAsync("k"));
    }

    [Fact]
    public async Task Line_AValueThatReadsLikeAStatusIsAValueOnceAuthenticated()
    {
        await using var client = await _server.ConnectAsync();

        await client.SetAsync("k", "Unauthorized");
        Assert.Equal("Unauthorized", await client.GetAsync("k"));
        await client.AuthenticateAsync(InProcessServer.Password);
        Assert.Equal("Unauthorized", await client.GetAsync("k"));
    }

    [Fact]
    public async Task WrongPasswordOnConnect_ThrowsTheServersError()
    {
        var error = await Assert.ThrowsAsync<MiniStoreServerException>(() => _server.ConnectAsync(password: "wrong"));

        Assert.Equal("ERR: invalid password", error.ServerMessage);
    }

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Quit_AnswersOkThenTheConnectionIsClosed(WireFormat protocol)
    {
        await using var client = await _server.ConnectAsync(protocol);

        await client.QuitAsync();

        Assert.False(client.IsConnected);
        var error = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => client.PingAsync());
        Assert.Contains("QUIT", error.Message, StringComparison.Ordinal);
    }
}
