using Microsoft.Extensions.Time.Testing;
using MiniStore.Client.Tests.Support;

namespace MiniStore.Client.Tests;

/// <summary>
/// Timeouts and cancellation against a server that answers only when told to, on a fake clock: no test waits
/// for time to pass.
/// </summary>
public sealed class TimeoutTests : IAsyncLifetime
{
    private readonly ScriptedServer _server = new();
    private readonly FakeTimeProvider _time = new();
    private MiniStoreClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await MiniStoreClient.ConnectAsync(new MiniStoreClientOptions
        {
            Port = _server.Port,
            DefaultTimeout = TimeSpan.FromSeconds(5),
            TimeProvider = _time,
        });
        await _server.AcceptAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task NoReplyWithinTheTimeout_TheRequestTimesOutAndTheConnectionIsFailed()
    {
        var first = _client.GetAsync("a");
        var second = _client.GetAsync("b");
        await _server.ReceiveLinesAsync(2);

        _time.Advance(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<TimeoutException>(() => first);
        var behind = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => second);
        Assert.IsType<TimeoutException>(behind.InnerException);
        Assert.False(_client.IsConnected);
        await Assert.ThrowsAsync<MiniStoreConnectionException>(() => _client.PingAsync());
    }

    [Fact]
    public async Task AReplyBeforeTheTimeout_Completes()
    {
        var request = _client.GetAsync("a");
        await _server.ReceiveLinesAsync(1);
        _time.Advance(TimeSpan.FromSeconds(4));

        await _server.SendAsync("value\n");

        Assert.Equal("value", await request);
        Assert.True(_client.IsConnected);
    }

    [Fact]
    public async Task CancelledRequest_ItsLateReplyIsDiscardedAndTheNextReplyStaysMatched()
    {
        using var cancellation = new CancellationTokenSource();
        var abandoned = _client.GetAsync("a", cancellation.Token);
        var next = _client.GetAsync("b");
        await _server.ReceiveLinesAsync(2);

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await _server.SendAsync("value of a\nvalue of b\n");

        Assert.Equal("value of b", await next);
        Assert.True(_client.IsConnected);
    }

    [Fact]
    public async Task AlreadyCancelledToken_SendsNothing()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.GetAsync("a", cancellation.Token));
        var next = _client.GetAsync("b");
        var lines = await _server.ReceiveLinesAsync(1);
        await _server.SendAsync("vb\n");

        Assert.Equal(["GET b"], lines);
        Assert.Equal("vb", await next);
    }
}
