using System.Text;

namespace MiniStore.Server.Tests;

public sealed class ConcurrencyAndExpiryTests
{
    [Fact]
    public async Task Thirty_two_clients_racing_SET_NX_get_exactly_one_OK()
    {
        await using var server = await TestServer.StartAsync();
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
        await using var server = await TestServer.StartAsync();
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

    [Fact]
    public async Task Wrong_password_flood_does_not_starve_an_authenticated_client()
    {
        // Real OWASP-strength Argon2id: each wrong PASS costs tens of milliseconds of CPU.
        await using var server = await TestServer.StartAsync(argon2: Security.Argon2Parameters.Owasp);
        await using var serving = await server.ConnectAsync();

        using var flooding = new CancellationTokenSource();
        var flood = Enumerable.Range(0, 50).Select(async i =>
        {
            await using var attacker = await LineClient.ConnectAsync(server.Port);
            for (var attempt = 0; attempt < 3; attempt++)
            {
                Assert.Equal("ERR: invalid password", await attacker.CommandAsync($"PASS wrong{i}-{attempt}"));
            }

            Assert.True(await attacker.WaitForCloseAsync());
        }).ToArray();

        var served = 0;
        var floodDone = Task.WhenAll(flood);
        while (!floodDone.IsCompleted)
        {
            Assert.Equal("PONG", await serving.CommandAsync("PING"));
            served++;
        }

        await floodDone;
        Assert.True(served > 10, $"only {served} PINGs were answered during the flood");
        var info = InfoFields.Parse(await serving.CommandAsync("INFO"));
        Assert.Equal(150, info.Long("auth_failures"));
    }
}
