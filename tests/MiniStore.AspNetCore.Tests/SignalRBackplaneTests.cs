using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MiniStore.AspNetCore.Tests;

/// <summary>
/// SignalR scaled out over MiniStore: two app instances on real Kestrel, each with <c>AddStackExchangeRedis</c>
/// pointing at one MiniStore, and real SignalR clients. Whatever reaches a client on one instance from the other
/// went through MiniStore's pub/sub (channels <c>&lt;hub&gt;:all</c>, <c>:group:</c>, <c>:user:</c>,
/// <c>:connection:</c>, <c>:internal:groups</c>, <c>:internal:ack:</c>, <c>:internal:return:</c>).
/// </summary>
public sealed class SignalRBackplaneTests(MiniStoreHost host) : IClassFixture<MiniStoreHost>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly List<HubConnection> _clients = [];
    private KestrelApp _a = null!;
    private KestrelApp _b = null!;
    private IConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync()
    {
        _a = await StartInstanceAsync();
        _b = await StartInstanceAsync();
        _redis = await host.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_client_on_one_instance_gets_what_the_other_sends_to_its_group_and_its_user()
    {
        var (alice, inbox) = await ConnectAsync(_a, "alice");
        await alice.InvokeAsync(nameof(ChatHub.Join), "room");

        var fromB = _b.Services.GetRequiredService<IHubContext<ChatHub>>();
        await fromB.Clients.Group("room").SendAsync("receive", "to the room");
        Assert.Equal("to the room", await ReadAsync(inbox));

        // Users: instance A subscribes to the user's channel while the connection starts, possibly after the client
        // saw the handshake; wait for that subscription rather than for time.
        await WaitForSubscriberAsync(":user:alice");
        await fromB.Clients.User("alice").SendAsync("receive", "to alice");
        Assert.Equal("to alice", await ReadAsync(inbox));

        await fromB.Clients.User("bob").SendAsync("receive", "to bob");
        await fromB.Clients.Group("other room").SendAsync("receive", "to the other room");
        await fromB.Clients.All.SendAsync("receive", "to everyone");
        Assert.Equal("to everyone", await ReadAsync(inbox));
    }

    [Fact]
    public async Task Group_membership_changed_from_the_other_instance_is_acknowledged_and_applies()
    {
        var (alice, inbox) = await ConnectAsync(_a, "alice");

        // The connection lives on A: B asks A over :internal:groups and waits for A's ack on :internal:ack:<B>.
        var fromB = _b.Services.GetRequiredService<IHubContext<ChatHub>>();
        await fromB.Groups.AddToGroupAsync(alice.ConnectionId!, "remote room").WaitAsync(Deadline);
        await fromB.Clients.Group("remote room").SendAsync("receive", "added from B");
        Assert.Equal("added from B", await ReadAsync(inbox));

        await fromB.Groups.RemoveFromGroupAsync(alice.ConnectionId!, "remote room").WaitAsync(Deadline);
        await fromB.Clients.Group("remote room").SendAsync("receive", "after removal");
        await fromB.Clients.Client(alice.ConnectionId!).SendAsync("receive", "to the connection");
        Assert.Equal("to the connection", await ReadAsync(inbox));
    }

    [Fact]
    public async Task A_hub_method_on_one_instance_broadcasts_to_clients_of_both()
    {
        var (_, aliceInbox) = await ConnectAsync(_a, "alice");
        var (bob, bobInbox) = await ConnectAsync(_b, "bob");

        await bob.InvokeAsync(nameof(ChatHub.Broadcast), "hello all");

        Assert.Equal("hello all", await ReadAsync(aliceInbox));
        Assert.Equal("hello all", await ReadAsync(bobInbox));
    }

    [Fact]
    public async Task A_client_result_invoked_from_the_other_instance_returns()
    {
        var (alice, _) = await ConnectAsync(_a, "alice");
        alice.On("add", (int x, int y) => x + y);
        await WaitForSubscriberAsync(":connection:" + alice.ConnectionId);

        // B publishes the invocation to the connection's channel and waits on its own :internal:return: channel.
        var fromB = _b.Services.GetRequiredService<IHubContext<ChatHub>>();
        using var timeout = new CancellationTokenSource(Deadline);
        Assert.Equal(5, await fromB.Clients.Client(alice.ConnectionId!).InvokeAsync<int>("add", 2, 3, timeout.Token));

        // A connection no instance has: PUBLISH reaches nobody (0 receivers), and SignalR says so at once.
        var missing = await Assert.ThrowsAsync<IOException>(
            () => fromB.Clients.Client("no-such-connection").InvokeAsync<int>("add", 1, 1, timeout.Token));
        Assert.Contains("no-such-connection", missing.Message, StringComparison.Ordinal);
    }

    private async Task WaitForSubscriberAsync(string channelSuffix)
    {
        var channel = RedisChannel.Literal(typeof(ChatHub).FullName + channelSuffix);
        var server = _redis.GetServer(_redis.GetEndPoints()[0]);
        var giveUp = DateTime.UtcNow + Deadline;
        while (await server.SubscriptionSubscriberCountAsync(channel) == 0)
        {
            Assert.True(DateTime.UtcNow < giveUp, $"Nobody subscribed to {channel} in time.");
            await Task.Yield();
        }
    }

    private async Task<(HubConnection Client, Channel<string> Inbox)> ConnectAsync(KestrelApp app, string user)
    {
        var client = new HubConnectionBuilder().WithUrl(new Uri(app.Address, "chat?user=" + user)).Build();
        _clients.Add(client);
        var inbox = Channel.CreateUnbounded<string>();
        client.On("receive", (string text) => inbox.Writer.TryWrite(text));
        await client.StartAsync().WaitAsync(Deadline);
        return (client, inbox);
    }

    private static async Task<string> ReadAsync(Channel<string> inbox) =>
        await inbox.Reader.ReadAsync().AsTask().WaitAsync(Deadline);

    private Task<KestrelApp> StartInstanceAsync() => KestrelApp.StartAsync(
        services =>
        {
            services.AddSingleton<IUserIdProvider, QueryUserIdProvider>();
            services.AddSignalR().AddStackExchangeRedis(options => options.Configuration = host.Configuration);
        },
        app => app.MapHub<ChatHub>("/chat"));

    public sealed class ChatHub : Hub
    {
        public Task Join(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

        public Task Broadcast(string text) => Clients.All.SendAsync("receive", text);
    }

    /// <summary>The user is whoever the query string says: enough for a test, never for an app.</summary>
    private sealed class QueryUserIdProvider : IUserIdProvider
    {
        public string? GetUserId(HubConnectionContext connection) => connection.GetHttpContext()?.Request.Query["user"];
    }
}
