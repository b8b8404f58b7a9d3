using System.Text;

namespace MiniStore.Server.Tests;

public sealed class ConcurrencyAndExpiryTests
{
    [Fact]
    public async Task Thirty_two_clients_racing_SET_NX_get_exactly_one_OK()
    {
        await using var server = await InProcessServer.StartAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => server.ConnectAsync()));
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = clients.Select((client, i) => Task.Run(async () =>
        {
            await start.Task;
            return await client.CommandAsync($"SET race client{i} NX");
        })).ToArray();
        start.SetResult();
        var replies = await Task.WhenAll(racing);

        Assert.Equal(1, replies.Count(r => r == "OK"));
        Assert.Equal(31, replies.Count(r => r == "(nil)"));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task Twenty_thousand_keys_with_PX_300_are_reclaimed_without_being_touched()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await server.ConnectAsync();
        var batch = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            batch.Append("SET ttl:").Append(i).Append(" v PX 300\r\n");
        }

        await client.SendAsync(batch.ToString());
        for (var i = 0; i < 20_000; i++)
        {
            Assert.Equal("OK", await client.ReadLineAsync());
        }

        var before = InfoFields.Parse(await client.CommandAsync("INFO"));
        Assert.Equal(20_000, before.Long("keys"));
        Assert.Equal(20_000, before.Long("keys_with_expiry"));
        Assert.Equal(0, before.Long("expired_keys"));

        // The fake clock fires the expiry timer inside Advance: reclaimed with no read of any key.
        server.FakeTime.Advance(TimeSpan.FromMilliseconds(300));
        var after = InfoFields.Parse(await client.CommandAsync("INFO"));
        Assert.Equal(20_000, after.Long("expired_keys"));
        Assert.Equal(0, after.Long("keys"));
        Assert.Equal(0, after.Long("keyspace_hits") + after.Long("keyspace_misses"));
    }

    /// <summary>
    /// Wrong passwords queue behind the verifier's gate (and its rest after each failure); meanwhile authenticated
    /// clients are served and a known password authenticates a new connection by the fast path. Asserted by order
    /// (served while the queue is still not drained, read from the server's own failure count), not by timing.
    /// </summary>
    [Fact]
    public async Task Wrong_password_flood_does_not_starve_authenticated_clients()
    {
        // Real OWASP-strength Argon2id: each wrong PASS costs tens of milliseconds of CPU, then its slot rests.
        await using var server = await InProcessServer.StartAsync(argon2: Security.Argon2Parameters.Owasp);
        await using var serving = await server.ConnectAsync();
        const int Attackers = 6;
        var attackers = await Task.WhenAll(Enumerable.Range(0, Attackers).Select(_ => LineClient.ConnectAsync(server.Port)));
        foreach (var attacker in attackers)
        {
            await attacker.SendAsync("PASS wrong\n");
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("PONG", await serving.CommandAsync("PING"));
        }

        await using var newcomer = await server.ConnectAsync();
        Assert.Equal("PONG", await newcomer.CommandAsync("PING"));
        Assert.True(InfoFields.Parse(await serving.CommandAsync("INFO")).Long("auth_failures") < Attackers, "the flood had already been answered");

        foreach (var attacker in attackers)
        {
            Assert.Equal("ERR: invalid password", await attacker.ReadLineAsync());
            await attacker.DisposeAsync();
        }

        Assert.Equal(Attackers, InfoFields.Parse(await serving.CommandAsync("INFO")).Long("auth_failures"));
    }
}
