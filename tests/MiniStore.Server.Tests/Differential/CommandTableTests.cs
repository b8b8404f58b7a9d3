using System.Text;
using MiniStore.Protocol;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// COMMAND INFO and COMMAND DOCS answer from the command table in Redis 7's shapes, with the arity, flags, key
/// positions and ACL categories redis-server 7.0 reports for the same commands (the oracle, asked over a socket).
/// </summary>
public sealed class CommandTableTests : IAsyncLifetime
{
    private InProcessServer _server = null!;
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        _redis = await RedisServerProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _redis.DisposeAsync();
    }

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var spec in CommandTable.RespCommands)
        {
            names.Add(spec.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task COMMAND_INFO_matches_redis_server(string name)
    {
        await using var ministore = await RespClient.ConnectAsync(_server.Port);
        await using var redis = await RespClient.ConnectAsync(_redis.Port, RedisServerProcess.Password);
        var ours = Single(await ministore.CommandAsync("COMMAND", "INFO", name));
        var theirs = Single(await redis.CommandAsync("COMMAND", "INFO", name));

        Assert.Equal(10, ours.Length);
        Assert.Equal(Describe(theirs), Describe(ours));
        var theirSubcommands = ((object?[])theirs[9]!).Select(s => (object?[])s!).ToDictionary(s => (string)s[0]!);
        foreach (var sub in ((object?[])ours[9]!).Select(s => (object?[])s!))
        {
            // MiniStore serves a subset of the subcommands (and CLIENT SETINFO, which Redis 7.0 lacks).
            if (theirSubcommands.TryGetValue((string)sub[0]!, out var theirSub))
            {
                Assert.Equal(Describe(theirSub), Describe(sub));
            }
        }
    }

    [Fact]
    public async Task COMMAND_COUNT_INFO_and_DOCS_agree_with_the_table()
    {
        await using var c = await RespClient.ConnectAsync(_server.Port);
        var count = (long)(await c.CommandAsync("COMMAND", "COUNT"))!;
        Assert.Equal(CommandTable.RespCommands.Count(), count);
        Assert.Equal(new object?[] { null }, await c.CommandAsync("COMMAND", "INFO", "nosuch"));
        Assert.Equal(new object?[] { null }, await c.CommandAsync("COMMAND", "INFO", "pass"));
        var docs = (object?[])(await c.CommandAsync("COMMAND", "DOCS", "get"))!;
        Assert.Equal("get", docs[0]);
        Assert.Equal(new object?[] { "summary", "Get the value of a key", "since", "1.0.0", "group", "string", "complexity", "O(1)" }, docs[1]);
        Assert.Equal(new RespError("ERR unknown subcommand 'FOO'. Try COMMAND HELP."), await c.CommandAsync("COMMAND", "FOO"));
        Assert.Equal(new RespError("ERR wrong number of arguments for 'command|count' command"), await c.CommandAsync("COMMAND", "COUNT", "x"));
    }

    private static object?[] Single(object? reply) => (object?[])((object?[])reply!)[0]!;

    /// <summary>Name, arity, flags, first key, last key, step and ACL categories, as one comparable line.</summary>
    private static string Describe(object?[] info)
    {
        var text = new StringBuilder();
        text.Append(info[0]).Append(' ').Append(info[1]);
        text.Append(" [").AppendJoin(',', ((object?[])info[2]!).Select(f => (string)f!)).Append(']');
        text.Append(' ').Append(info[3]).Append(' ').Append(info[4]).Append(' ').Append(info[5]);
        text.Append(" [").AppendJoin(',', ((object?[])info[6]!).Select(f => (string)f!)).Append(']');
        return text.ToString();
    }
}
