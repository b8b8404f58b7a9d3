namespace MiniStore.Server.Tests.Twemproxy;

/// <summary>
/// A node killed behind twemproxy is ejected from the ring (auto_eject_hosts, server_failure_limit 1) while the
/// others keep serving, and a node restarted on the same port rejoins after server_retry_timeout (2 s here).
/// </summary>
public sealed class TwemproxyFailoverTests
{
    private const int Victim = 2;

    [Fact]
    public async Task A_killed_node_is_ejected_the_others_keep_serving_and_a_restarted_node_rejoins()
    {
        await using var cluster = await TwemproxyCluster.StartAsync();
        await using var proxy = await cluster.ConnectProxyAsync();
        var keys = Enumerable.Range(0, 300).Select(i => $"fail:{i}").ToArray();
        Assert.All(await TwemproxyCluster.PipelineAsync(proxy, Commands("SET", keys, "before")), r => Assert.Equal("OK", r));
        var lost = (await cluster.KeysAsync(Victim)).Order(StringComparer.Ordinal).ToArray();
        var kept = keys.Except(lost).ToArray();
        Assert.NotEmpty(lost);

        await cluster.KillAsync(Victim);

        // Keys of the surviving nodes never route to the dead one: they read back at once, ejected or not yet.
        Assert.All(await TwemproxyCluster.PipelineAsync(proxy, Commands("GET", kept)), v => Assert.Equal("before", v));

        // Until twemproxy counts the failure that ejects the node (its dropped connection, or a refused reconnect,
        // whichever it sees first), a request for one of the dead node's keys gets an error reply; from then on those
        // keys hash to the survivors, so writes succeed (reads of the old values miss: a cache).
        var probe = lost[0];
        var errors = new List<string>();
        await Poll.UntilAsync(async () =>
        {
            var reply = await proxy.CommandAsync("SET", probe, "after");
            if (reply is RespError error)
            {
                errors.Add(error.Message);
            }

            return "OK".Equals(reply);
        });
        Assert.All(errors, e => Assert.StartsWith("ERR ", e, StringComparison.Ordinal));
        Assert.All(await TwemproxyCluster.PipelineAsync(proxy, Commands("SET", lost, "after")), r => Assert.Equal("OK", r));

        // Checked on the survivors themselves: proxied reads of these keys would go back to the victim's slot once
        // the retry timeout passes.
        var survivors = (await cluster.KeysAsync(0)).Concat(await cluster.KeysAsync(1)).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(lost.ToHashSet(StringComparer.Ordinal), survivors);
        Assert.Equal(keys.Length, survivors.Count);

        // Restarted on its port, empty: after server_retry_timeout twemproxy tries it again and its keys hash back
        // to it, so a proxied read of one of them misses (the copy written during the ejection is left behind on a
        // survivor, until it expires or is evicted).
        await cluster.RestartAsync(Victim);
        var other = lost.Length > 1 ? lost[1] : probe;
        await Poll.UntilAsync(async () => await proxy.CommandAsync("GET", other) is null);
        Assert.Equal("OK", await proxy.CommandAsync("SET", probe, "rejoined"));
        Assert.Contains(probe, await cluster.KeysAsync(Victim));
        Assert.All(await TwemproxyCluster.PipelineAsync(proxy, Commands("GET", kept)), v => Assert.Equal("before", v));
    }

    private static object[][] Commands(string name, IEnumerable<string> keys, params string[] rest) =>
        keys.Select(k => new object[] { name, k }.Concat(rest).ToArray()).ToArray();
}
