using System.Globalization;
using System.Text;
using MiniStore.Server.Tests.Support;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// Sends each request to redis-server (the oracle) and to MiniStore over one authenticated RESP2 connection each,
/// and records every request whose replies differ (<see cref="ReplyComparison"/>). Opening it flushes both servers.
/// </summary>
public sealed class DifferentialHarness : IAsyncDisposable
{
    private const int ContextLength = 3;

    private readonly List<Mismatch> _mismatches = [];
    private readonly Queue<DiffCommand> _recent = new();

    private DifferentialHarness(RawRespClient redis, RawRespClient miniStore)
    {
        Redis = redis;
        MiniStore = miniStore;
    }

    /// <summary>The oracle's connection; send to it alone only to make the servers differ on purpose.</summary>
    public RawRespClient Redis { get; }

    /// <summary>MiniStore's connection; send to it alone only to make the servers differ on purpose.</summary>
    public RawRespClient MiniStore { get; }

    public IReadOnlyList<Mismatch> Mismatches => _mismatches;

    /// <summary>How many requests went to both servers.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// After a mismatch, flush both servers so that later requests start from equal state again: each mismatch
    /// reported is then a difference of its own, not an echo of an earlier one. On by default.
    /// </summary>
    public bool ResetAfterMismatch { get; set; } = true;

    public static Task<DifferentialHarness> OpenAsync(DifferentialServers servers) => OpenAsync(
        new DifferentialEndpoint("redis-server", servers.Redis.Port, RedisServerProcess.Password),
        new DifferentialEndpoint("MiniStore", servers.MiniStore.Port, InProcessServer.Password));

    /// <summary>
    /// Any two servers: <paramref name="oracle"/> in the place of redis-server, <paramref name="subject"/> in
    /// MiniStore's (the harness's own tests compare redis-server with itself).
    /// </summary>
    public static async Task<DifferentialHarness> OpenAsync(DifferentialEndpoint oracle, DifferentialEndpoint subject)
    {
        var redis = await ConnectAsync(oracle);
        RawRespClient miniStore;
        try
        {
            miniStore = await ConnectAsync(subject);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }

        var harness = new DifferentialHarness(redis, miniStore);
        try
        {
            await harness.FlushAllAsync();
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    /// <summary>FLUSHALL on both servers (not compared, not counted).</summary>
    public async Task FlushAllAsync()
    {
        await ExpectAsync(Redis, "+OK\r\n"u8.ToArray(), "FLUSHALL");
        await ExpectAsync(MiniStore, "+OK\r\n"u8.ToArray(), "FLUSHALL");
    }

    /// <summary>Sends <paramref name="command"/> to both servers and compares the replies.</summary>
    public async Task<Exchange> RunAsync(DiffCommand command)
    {
        var redis = Redis.CommandAsync(command.Args);
        var miniStore = MiniStore.CommandAsync(command.Args);
        await Task.WhenAll(redis, miniStore);
        var exchange = new Exchange(command, redis.Result, miniStore.Result);
        var index = Count++;
        if (exchange.Same)
        {
            _recent.Enqueue(command);
            if (_recent.Count > ContextLength)
            {
                _recent.Dequeue();
            }

            return exchange;
        }

        _mismatches.Add(new Mismatch(index, command, redis.Result, miniStore.Result, _recent.ToArray()));
        _recent.Clear();
        if (ResetAfterMismatch)
        {
            await FlushAllAsync();
        }

        return exchange;
    }

    public async Task RunAsync(IEnumerable<DiffCommand> commands)
    {
        foreach (var command in commands)
        {
            await RunAsync(command);
        }
    }

    /// <summary>The first <paramref name="limit"/> mismatches, both replies escaped; empty if there are none.</summary>
    public string Report(int limit = 10)
    {
        if (_mismatches.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{_mismatches.Count} of {Count} replies differ from redis-server's");
        text.Append(ResetAfterMismatch ? " (both servers flushed after each mismatch)" : string.Empty);
        text.Append(CultureInfo.InvariantCulture, $"; the first {Math.Min(limit, _mismatches.Count)}:\n");
        foreach (var mismatch in _mismatches.Take(limit))
        {
            text.Append(mismatch);
        }

        return text.ToString();
    }

    /// <summary>Fails the test with <see cref="Report"/> if any reply differed; <paramref name="what"/> says what ran (e.g. the seed).</summary>
    public void AssertNoMismatches(string what)
    {
        if (_mismatches.Count > 0)
        {
            Assert.Fail($"{what}: {Report()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await MiniStore.DisposeAsync();
    }

    private static async Task<RawRespClient> ConnectAsync(DifferentialEndpoint endpoint)
    {
        var client = await RawRespClient.ConnectAsync(endpoint.Port, endpoint.Name);
        try
        {
            await ExpectAsync(client, "+OK\r\n"u8.ToArray(), "AUTH", endpoint.Password);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private static async Task ExpectAsync(RawRespClient client, byte[] expected, params string[] words)
    {
        var reply = await client.CommandAsync(words);
        if (!reply.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException($"{client.Name}: {words[0]} replied {RespFrame.Escape(reply)}, expected {RespFrame.Escape(expected)}");
        }
    }
}

/// <summary>A server the harness talks to: a name for messages, its loopback port, its password.</summary>
public sealed record DifferentialEndpoint(string Name, int Port, string Password);
