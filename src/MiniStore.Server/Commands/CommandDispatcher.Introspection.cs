using System.Text;
using MiniStore.Protocol;
using MiniStore.Server.Connections;

namespace MiniStore.Server.Commands;

/// <summary>COMMAND, COMMAND COUNT|INFO|DOCS: the command table, in Redis 7's reply shapes.</summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.Command)]
    private static CommandOutcome Command(in CommandContext c)
    {
        CommandCommand(c.Request, c.Session, c.Reply);
        return CommandOutcome.Continue;
    }

    private static void CommandCommand(in Request request, Session session, ReplyWriter reply)
    {
        if (request.ArgumentCount == 0)
        {
            session.LastCommand = "command";
            var all = CommandTable.RespCommands.ToList();
            reply.ArrayHeader(all.Count);
            foreach (var spec in all)
            {
                WriteInfo(spec, reply);
            }

            return;
        }

        var sub = CommandTable.Get(CommandId.Command).FindSubcommand(request[0]);
        if (sub is null)
        {
            ErrorReplies.UnknownSubcommand(reply, request.Format, "COMMAND", request[0]);
            return;
        }

        session.LastCommand = sub.FullName;
        if (!sub.AcceptsArgumentCount(request.ArgumentCount))
        {
            ErrorReplies.WrongSubcommandArity(reply, request.Format, "command", sub.Name);
            return;
        }

        switch (sub.Name)
        {
            case "count":
                reply.Integer(CommandTable.RespCommands.Count());
                break;
            case "info":
                reply.ArrayHeader(request.ArgumentCount - 1);
                for (var i = 1; i < request.ArgumentCount; i++)
                {
                    if (FindForClients(request[i]) is { } spec)
                    {
                        WriteInfo(spec, reply);
                    }
                    else
                    {
                        reply.Nil();
                    }
                }

                break;
            default:
                WriteDocs(request, reply);
                break;
        }
    }

    private static CommandSpec? FindForClients(ReadOnlySpan<byte> name) =>
        CommandTable.Find(name) is { } spec && !spec.Has(CommandTraits.LineOnly) ? spec : null;

    /// <summary>Redis 7's ten-element COMMAND INFO entry; subcommands nest in the tenth.</summary>
    private static void WriteInfo(CommandSpec spec, ReplyWriter reply)
    {
        reply.ArrayHeader(10);
        reply.Value(Encoding.ASCII.GetBytes(spec.FullName));
        reply.Integer(spec.Arity);
        var flags = FlagNames(spec.Flags).ToList();
        reply.ArrayHeader(flags.Count);
        foreach (var flag in flags)
        {
            reply.Status(Encoding.ASCII.GetBytes(flag));
        }

        reply.Integer(spec.FirstKey);
        reply.Integer(spec.LastKey);
        reply.Integer(spec.KeyStep);
        reply.ArrayHeader(spec.AclCategories.Count);
        foreach (var category in spec.AclCategories)
        {
            reply.Status(Encoding.ASCII.GetBytes(category));
        }

        reply.ArrayHeader(0);
        WriteKeySpecs(spec, reply);
        reply.ArrayHeader(spec.Subcommands.Count);
        foreach (var sub in spec.Subcommands)
        {
            WriteInfo(sub, reply);
        }
    }

    /// <summary>One key specification from the key positions: the first key at a fixed index, then a range.</summary>
    private static void WriteKeySpecs(CommandSpec spec, ReplyWriter reply)
    {
        if (spec.FirstKey == 0)
        {
            reply.ArrayHeader(0);
            return;
        }

        reply.ArrayHeader(1);
        reply.MapHeader(3);
        reply.Value("flags"u8);
        reply.ArrayHeader(1);
        reply.Status(spec.Has(CommandTraits.Write) ? "RW"u8 : "RO"u8);
        reply.Value("begin_search"u8);
        reply.MapHeader(2);
        reply.Value("type"u8);
        reply.Value("index"u8);
        reply.Value("spec"u8);
        reply.MapHeader(1);
        reply.Value("index"u8);
        reply.Integer(spec.FirstKey);
        reply.Value("find_keys"u8);
        reply.MapHeader(2);
        reply.Value("type"u8);
        reply.Value("range"u8);
        reply.Value("spec"u8);
        reply.MapHeader(3);
        reply.Value("lastkey"u8);
        reply.Integer(spec.LastKey < 0 ? spec.LastKey : spec.LastKey - spec.FirstKey);
        reply.Value("keystep"u8);
        reply.Integer(spec.KeyStep);
        reply.Value("limit"u8);
        reply.Integer(0);
    }

    /// <summary>COMMAND DOCS [name ...]: a map of name to summary, since, group, complexity (and subcommands).</summary>
    private static void WriteDocs(in Request request, ReplyWriter reply)
    {
        var specs = new List<CommandSpec>();
        if (request.ArgumentCount == 1)
        {
            specs.AddRange(CommandTable.RespCommands);
        }

        for (var i = 1; i < request.ArgumentCount; i++)
        {
            if (FindForClients(request[i]) is { } spec)
            {
                specs.Add(spec);
            }
        }

        reply.MapHeader(specs.Count);
        foreach (var spec in specs)
        {
            reply.Value(Encoding.ASCII.GetBytes(spec.FullName));
            WriteDoc(spec, reply);
        }
    }

    private static void WriteDoc(CommandSpec spec, ReplyWriter reply)
    {
        reply.MapHeader(spec.Subcommands.Count > 0 ? 5 : 4);
        reply.Value("summary"u8);
        reply.Value(Encoding.ASCII.GetBytes(spec.Summary));
        reply.Value("since"u8);
        reply.Value(Encoding.ASCII.GetBytes(spec.Since));
        reply.Value("group"u8);
        reply.Value(Encoding.ASCII.GetBytes(spec.Group));
        reply.Value("complexity"u8);
        reply.Value(Encoding.ASCII.GetBytes(spec.Complexity));
        if (spec.Subcommands.Count > 0)
        {
            reply.Value("subcommands"u8);
            reply.MapHeader(spec.Subcommands.Count);
            foreach (var sub in spec.Subcommands)
            {
                reply.Value(Encoding.ASCII.GetBytes(sub.FullName));
                WriteDoc(sub, reply);
            }
        }
    }

    /// <summary>Redis's names for the traits COMMAND INFO shows, in its order.</summary>
    private static IEnumerable<string> FlagNames(CommandTraits traits)
    {
        (CommandTraits Trait, string Name)[] names =
        [
            (CommandTraits.Write, "write"), (CommandTraits.ReadOnly, "readonly"), (CommandTraits.DenyOom, "denyoom"),
            (CommandTraits.Admin, "admin"), (CommandTraits.Pubsub, "pubsub"), (CommandTraits.NoScript, "noscript"),
            (CommandTraits.Blocking, "blocking"), (CommandTraits.Loading, "loading"), (CommandTraits.Stale, "stale"),
            (CommandTraits.SkipSlowlog, "skip_slowlog"),
            (CommandTraits.Fast, "fast"), (CommandTraits.NoAuth, "no_auth"), (CommandTraits.NoMandatoryKeys, "no_mandatory_keys"),
            (CommandTraits.NoAsyncLoading, "no_async_loading"), (CommandTraits.NoMulti, "no_multi"), (CommandTraits.MovableKeys, "movablekeys"), (CommandTraits.AllowBusy, "allow_busy"),
        ];
        return names.Where(n => (traits & n.Trait) != 0).Select(n => n.Name);
    }
}
