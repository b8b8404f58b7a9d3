using System.Text;
using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>
/// OBJECT ENCODING, FREQ, REFCOUNT and HELP. IDLETIME is not offered: MiniStore stamps recency in ticks of a logical
/// clock that only runs under a memory cap, not in seconds, so it cannot say how long a key sat idle. OBJECT never
/// counts as an access (as in Redis).
/// </summary>
internal sealed partial class CommandDispatcher
{
    private static readonly string[] ObjectHelp =
    [
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    ];

    [Handles(CommandId.ObjectInfo)]
    private CommandOutcome ObjectCommand(in CommandContext c)
    {
        var request = c.Request;
        var reply = c.Reply;
        var sub = CommandTable.Get(CommandId.ObjectInfo).FindSubcommand(request[0]);
        if (sub is null)
        {
            ErrorReplies.UnknownSubcommand(reply, request.Format, "OBJECT", request[0]);
            return CommandOutcome.Continue;
        }

        c.Session.LastCommand = sub.FullName;
        if (!sub.AcceptsArgumentCount(request.ArgumentCount))
        {
            ErrorReplies.WrongSubcommandArity(reply, request.Format, "object", sub.Name);
            return CommandOutcome.Continue;
        }

        if (sub.Name == "help")
        {
            reply.ArrayHeader(ObjectHelp.Length);
            foreach (var line in ObjectHelp)
            {
                reply.Status(Encoding.ASCII.GetBytes(line));
            }

            return CommandOutcome.Continue;
        }

        using var slot = store.Open(request[1]);
        var text = slot.StringValue;
        var collection = slot.Collection<CollectionValue>();
        if (text is null && collection is null)
        {
            reply.Nil();
            return CommandOutcome.Continue;
        }

        switch (sub.Name)
        {
            case "encoding":
                reply.Value(text is { } encoded ? ValueEncoding.OfString(encoded.Span) : ValueEncoding.Of(collection!));
                break;
            case "refcount":
                var noSharedIntegers = store.MaxMemoryBytes > 0 && store.EvictionPolicy == EvictionPolicy.AllKeysLru;
                reply.Integer(text is { } shared && ValueEncoding.IsSharedInteger(shared.Span, noSharedIntegers) ? int.MaxValue : 1);
                break;
            default:
                // FREQ needs an LFU policy, and MiniStore offers none: Redis's answer under any other policy.
                reply.Error(request.Format == WireFormat.Line
                    ? "ERR: access frequency is not tracked (no LFU maxmemory policy)"u8
                    : "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."u8);
                break;
        }

        return CommandOutcome.Continue;
    }
}
