using System.Text;
using MiniStore.Core;

namespace MiniStore.Server.Tests;

/// <summary>--maxmemory end to end: the server never reports more than the cap, and each policy behaves.</summary>
public sealed class MemoryCapTests
{
    private const long Cap = 256 * 1024;

    [Fact]
    public async Task Writing_far_past_the_cap_evicts_and_recently_read_keys_survive_better()
    {
        await using var server = await InProcessServer.StartAsync(store: new StoreOptions { MaxMemoryBytes = Cap, EvictionPolicy = EvictionPolicy.AllKeysLru });
        await using var client = await server.ConnectAsync();
        var value = new string('v', 1000);

        // 200 keys fit comfortably (about 1.2 KB each); the even ones are read between later writes.
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("OK", await client.CommandAsync($"SET early:{i} {value}"));
        }

        for (var round = 0; round < 40; round++)
        {
            var batch = new StringBuilder();
            for (var hot = 0; hot < 200; hot += 2)
            {
                batch.Append("GET early:").Append(hot).Append("\r\n");
            }

            for (var i = 0; i < 100; i++)
            {
                batch.Append("SET late:").Append(round * 100 + i).Append(' ').Append(value).Append("\r\n");
            }

            await client.SendAsync(batch.ToString());
            for (var i = 0; i < 200; i++)
            {
                var reply = await client.ReadLineAsync();
                Assert.True(reply == "OK" || reply == value || reply == "(nil)", reply);
            }
        }

        var info = InfoFields.Parse(await client.CommandAsync("INFO"));
        Assert.True(info.Long("used_memory") <= Cap, $"used_memory {info["used_memory"]} > {Cap}");
        Assert.Equal(Cap, info.Long("maxmemory"));
        Assert.Equal("allkeys-lru", info["maxmemory_policy"]);
        Assert.True(info.Long("evicted_keys") > 0);

        var hotAlive = 0;
        var coldAlive = 0;
        for (var i = 0; i < 200; i++)
        {
            if (await client.CommandAsync($"EXISTS early:{i}") == "1")
            {
                if (i % 2 == 0)
                {
                    hotAlive++;
                }
                else
                {
                    coldAlive++;
                }
            }
        }

        // With the eviction pool most of the hot half survives 4,000 evictions (without it, sampling alone lost them all
        // in about one run in six); the never-read half goes first.
        Assert.True(hotAlive >= 50 && hotAlive > coldAlive, $"hot keys alive {hotAlive}, cold keys alive {coldAlive}");
    }

    [Fact]
    public async Task Noeviction_refuses_writes_and_keeps_serving_reads_and_deletes()
    {
        await using var server = await InProcessServer.StartAsync(store: new StoreOptions { MaxMemoryBytes = Cap, EvictionPolicy = EvictionPolicy.NoEviction });
        await using var client = await server.ConnectAsync();
        var value = new string('v', 1000);
        string reply;
        var written = 0;
        while ((reply = await client.CommandAsync($"SET k:{written} {value}")) == "OK")
        {
            written++;
        }

        Assert.Equal("ERR: out of memory", reply);
        Assert.True(written > 100);
        Assert.Equal(value, await client.CommandAsync("GET k:0"));
        Assert.Equal("1", await client.CommandAsync("DEL k:0"));
        Assert.Equal("OK", await client.CommandAsync($"SET again {value}"));
        var info = InfoFields.Parse(await client.CommandAsync("INFO"));
        Assert.Equal(0, info.Long("evicted_keys"));
        Assert.Equal("noeviction", info["maxmemory_policy"]);
    }
}
