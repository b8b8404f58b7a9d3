using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>Keyspace commands: TTL, PTTL, DEL, UNLINK, EXISTS.</summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.Ttl)]
    private CommandOutcome Ttl(in CommandContext c)
    {
        var ms = store.TimeToLiveMs(c.Request[0]);
        c.Reply.Integer(ms < 0 ? ms : (ms + 500) / 1000);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Pttl)]
    private CommandOutcome Pttl(in CommandContext c)
    {
        c.Reply.Integer(store.TimeToLiveMs(c.Request[0]));
        return CommandOutcome.Continue;
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
