using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>Keyspace commands: TTL, PTTL, DEL, UNLINK, EXISTS.</summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.Ttl)]
    private CommandOutcome Ttl(in CommandContext c)
    {
        var ms = TimeToLiveMs(c.Request[0]);
        c.Reply.Integer(ms < 0 ? ms : (ms + 500) / 1000);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Pttl)]
    private CommandOutcome Pttl(in CommandContext c)
    {
        c.Reply.Integer(TimeToLiveMs(c.Request[0]));
        return CommandOutcome.Continue;
    }

    /// <summary>
    /// The store's TTL, at most what is left until Unix time <see cref="long.MaxValue"/> ms: Redis keeps deadlines as
    /// Unix milliseconds, so PEXPIREAT's largest deadline reads back as Redis reports it.
    /// </summary>
    private long TimeToLiveMs(ReadOnlySpan<byte> key)
    {
        var ms = store.TimeToLiveMs(key);
        return ms < 0 ? ms : Math.Min(ms, long.MaxValue - UnixNowMs());
    }

    [Handles(CommandId.Del, CommandId.Unlink)]
    private CommandOutcome Delete(in CommandContext c)
    {
        c.Reply.Integer(CountKeys(c.Request, static (s, key) => s.Delete(key)));
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Exists)]
    private CommandOutcome Exists(in CommandContext c)
    {
        c.Reply.Integer(CountKeys(c.Request, static (s, key) => s.Exists(key)));
        return CommandOutcome.Continue;
    }

    private long CountKeys(in Request request, Func<KeyStore, ReadOnlySpan<byte>, bool> operation)
    {
        long count = 0;
        for (var i = 0; i < request.ArgumentCount; i++)
        {
            if (operation(store, request[i]))
            {
                count++;
            }
        }

        return count;
    }
}
