using System.Text;
using StackExchange.Redis;

namespace MiniStore.Server.Tests.Twemproxy;

/// <summary>
/// Three (or more) in-process MiniStore servers on the real clock behind one real nutcracker: what
/// deploy/twemproxy/ sets up, at test size. Nodes can be killed (connections aborted, listener gone, as when the
/// process dies) and restarted on the same port, empty, as a supervisor would.
/// </summary>
internal sealed class TwemproxyCluster : IAsyncDisposable
{
    private readonly InProcessServer?[] _nodes;
    private readonly int[] _ports;

    private TwemproxyCluster(InProcessServer[] nodes, NutcrackerProcess proxy)
    {
        _nodes = nodes;
        _ports = nodes.Select(n => n.Port).ToArray();
        Proxy = proxy;
    }

    public NutcrackerProcess Proxy { get; }

    public int NodeCount => _ports.Length;

    public static async Task<TwemproxyCluster> StartAsync(int nodeCount = 3)
    {
        var nodes = new List<InProcessServer>();
        try
        {
            for (var i = 0; i < nodeCount; i++)
            {
                nodes.Add(await InProcessServer.StartAsync(time: TimeProvider.System));
            }

            var servers = nodes.Select((n, i) => new TwemproxyServer($"node{i + 1}", n.Port)).ToArray();
            var proxy = await NutcrackerProcess.StartAsync(new TwemproxyPool(servers, InProcessServer.Password));
            return new TwemproxyCluster([.. nodes], proxy);
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A RESP connection to the proxy, authenticated (nutcracker 0.5.0 wants its clients to AUTH too).</summary>
    public Task<RespClient> ConnectProxyAsync() => RespClient.ConnectAsync(Proxy.Port);

    /// <summary>A RESP connection straight to one node, bypassing the proxy.</summary>
    public Task<RespClient> ConnectNodeAsync(int node) => RespClient.ConnectAsync(_ports[node]);

    /// <summary>StackExchange.Redis's settings for the proxy: its twemproxy mode sends only what twemproxy forwards.</summary>
    public ConfigurationOptions StackExchangeOptions() => new()
    {
        EndPoints = { { "127.0.0.1", Proxy.Port } },
        Proxy = StackExchange.Redis.Proxy.Twemproxy,
        Password = InProcessServer.Password,
        AbortOnConnectFail = true,
        ConnectTimeout = 15_000,
        SyncTimeout = 15_000,
        AsyncTimeout = 15_000,
    };

    /// <summary>Each node's DBSIZE, asked directly (twemproxy does not forward DBSIZE).</summary>
    public async Task<long[]> DbSizesAsync()
    {
        var sizes = new long[NodeCount];
        for (var i = 0; i < NodeCount; i++)
        {
            await using var node = await ConnectNodeAsync(i);
            sizes[i] = (long)(await node.CommandAsync("DBSIZE"))!;
        }

        return sizes;
    }

    /// <summary>The keys one node holds, asked directly with KEYS *.</summary>
    public async Task<HashSet<string>> KeysAsync(int node)
    {
        await using var client = await ConnectNodeAsync(node);
        var keys = (object?[])(await client.CommandAsync("KEYS", "*"))!;
        return keys.Select(k => (string)k!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Index of the one node holding <paramref name="key"/>; fails if none or several do.</summary>
    public async Task<int> NodeOfAsync(string key)
    {
        var holders = new List<int>();
        for (var i = 0; i < NodeCount; i++)
        {
            await using var node = await ConnectNodeAsync(i);
            if ((long)(await node.CommandAsync("EXISTS", key))! == 1)
            {
                holders.Add(i);
            }
        }

        Assert.True(holders.Count == 1, $"'{key}' is on nodes [{string.Join(", ", holders)}], expected exactly one");
        return holders[0];
    }

    /// <summary>Stops a node at once: open connections are aborted rather than drained, and its port is closed.</summary>
    public async Task KillAsync(int node)
    {
        var server = _nodes[node] ?? throw new InvalidOperationException($"node {node} is not running");
        _nodes[node] = null;
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await server.App.StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
            // A cancelled stop is the abrupt one asked for.
        }

        await server.DisposeAsync();
    }

    /// <summary>Starts a fresh, empty node on the killed node's port.</summary>
    public async Task RestartAsync(int node)
    {
        if (_nodes[node] is not null)
        {
            throw new InvalidOperationException($"node {node} is running");
        }

        _nodes[node] = await InProcessServer.StartAsync(time: TimeProvider.System, port: _ports[node]);
    }

    /// <summary>Sends every command in one write (pipelined) and returns the replies in order.</summary>
    public static async Task<object?[]> PipelineAsync(RespClient client, IReadOnlyList<object[]> commands)
    {
        var request = new MemoryStream();
        foreach (var command in commands)
        {
            request.Write(RespClient.Encode(command));
        }

        await client.SendAsync(request.ToArray());
        var replies = new object?[commands.Count];
        for (var i = 0; i < replies.Length; i++)
        {
            replies[i] = client.ReadReply();
        }

        return replies;
    }

    /// <summary>The nutcracker output, for assertion messages.</summary>
    public string Describe() => new StringBuilder()
        .AppendLine("nutcracker output:")
        .Append(Proxy.Output)
        .ToString();

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }
    }
}
