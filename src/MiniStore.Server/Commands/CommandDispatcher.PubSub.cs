using System.Text;
using MiniStore.Protocol;
using MiniStore.Server.PubSub;

namespace MiniStore.Server.Commands;

/// <summary>
/// Pub/sub (protocol.md v2 C): SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH and PUBSUB. Confirmations are
/// written by the subscriber's own loop; messages reach subscribers through their outboxes (<see cref="PubSubHub"/>).
/// Before writing a confirmation the handler drains its own outbox, so that messages queued earlier come first.
/// </summary>
internal sealed partial class CommandDispatcher
{
    private static readonly string[] PubSubHelp =
    [
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help.",
    ];

    [Handles(CommandId.Subscribe)]
    private CommandOutcome Subscribe(in CommandContext c)
    {
        DrainOwnMessages(c);
        for (var i = 0; i < c.Request.ArgumentCount; i++)
        {
            var count = pubsub.Subscribe(c.Session, c.Request[i]);
            WriteConfirmation(c, "subscribe"u8, c.Request[i], count);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.PSubscribe)]
    private CommandOutcome PSubscribe(in CommandContext c)
    {
        DrainOwnMessages(c);
        for (var i = 0; i < c.Request.ArgumentCount; i++)
        {
            var count = pubsub.PSubscribe(c.Session, c.Request[i]);
            WriteConfirmation(c, "psubscribe"u8, c.Request[i], count);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Unsubscribe)]
    private CommandOutcome Unsubscribe(in CommandContext c)
    {
        DrainOwnMessages(c);
        if (c.Request.ArgumentCount > 0)
        {
            for (var i = 0; i < c.Request.ArgumentCount; i++)
            {
                var count = pubsub.Unsubscribe(c.Session, c.Request[i]);
                WriteConfirmation(c, "unsubscribe"u8, c.Request[i], count);
            }

            return CommandOutcome.Continue;
        }

        // No arguments: every channel, one confirmation each; with none, one confirmation naming no channel.
        byte[][] channels = c.Session.Subscriptions is { } state ? [.. state.Channels] : [];
        foreach (var channel in channels)
        {
            var count = pubsub.Unsubscribe(c.Session, channel);
            WriteConfirmation(c, "unsubscribe"u8, channel, count);
        }

        if (channels.Length == 0)
        {
            WriteConfirmation(c, "unsubscribe"u8, null, c.Session.Subscriptions?.Count ?? 0);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.PUnsubscribe)]
    private CommandOutcome PUnsubscribe(in CommandContext c)
    {
        DrainOwnMessages(c);
        if (c.Request.ArgumentCount > 0)
        {
            for (var i = 0; i < c.Request.ArgumentCount; i++)
            {
                var count = pubsub.PUnsubscribe(c.Session, c.Request[i]);
                WriteConfirmation(c, "punsubscribe"u8, c.Request[i], count);
            }

            return CommandOutcome.Continue;
        }

        byte[][] patterns = c.Session.Subscriptions is { } state ? [.. state.Patterns] : [];
        foreach (var pattern in patterns)
        {
            var count = pubsub.PUnsubscribe(c.Session, pattern);
            WriteConfirmation(c, "punsubscribe"u8, pattern, count);
        }

        if (patterns.Length == 0)
        {
            WriteConfirmation(c, "punsubscribe"u8, null, c.Session.Subscriptions?.Count ?? 0);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Publish)]
    private CommandOutcome Publish(in CommandContext c)
    {
        var receivers = pubsub.Publish(c.Request[0], c.Request[1]);

        // A connection that publishes to itself sees the message before the reply, as with Redis.
        DrainOwnMessages(c);
        c.Reply.Integer(receivers);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.PubSub)]
    private CommandOutcome PubSubCommand(in CommandContext c)
    {
        var request = c.Request;
        var reply = c.Reply;
        var sub = CommandTable.Get(CommandId.PubSub).FindSubcommand(request[0]);
        if (sub is null)
        {
            ErrorReplies.UnknownSubcommand(reply, request.Format, "PUBSUB", request[0]);
            return CommandOutcome.Continue;
        }

        c.Session.LastCommand = sub.FullName;
        if (!sub.AcceptsArgumentCount(request.ArgumentCount))
        {
            ErrorReplies.WrongSubcommandArity(reply, request.Format, "pubsub", sub.Name);
            return CommandOutcome.Continue;
        }

        switch (sub.Name)
        {
            case "channels":
            case "shardchannels":
                if (request.ArgumentCount > 2)
                {
                    reply.Error(request.Format == WireFormat.Line
                        ? "ERR: invalid arguments"u8
                        : Encoding.ASCII.GetBytes($"ERR unknown subcommand or wrong number of arguments for '{sub.Name}'. Try PUBSUB HELP."));
                    break;
                }

                // MiniStore has no shard channels (SSUBSCRIBE): SHARDCHANNELS lists none.
                var channels = sub.Name == "channels"
                    ? pubsub.ActiveChannels(request.ArgumentCount == 2 ? request[1] : default, all: request.ArgumentCount == 1)
                    : [];
                reply.ArrayHeader(channels.Count);
                foreach (var channel in channels)
                {
                    reply.Value(channel);
                }

                break;
            case "numsub":
            case "shardnumsub":
                reply.ArrayHeader((request.ArgumentCount - 1) * 2);
                for (var i = 1; i < request.ArgumentCount; i++)
                {
                    reply.Value(request[i]);
                    reply.Integer(sub.Name == "numsub" ? pubsub.SubscriberCount(request[i]) : 0);
                }

                break;
            case "numpat":
                reply.Integer(pubsub.PatternCount);
                break;
            default:
                reply.ArrayHeader(PubSubHelp.Length);
                foreach (var line in PubSubHelp)
                {
                    reply.Status(Encoding.ASCII.GetBytes(line));
                }

                break;
        }

        return CommandOutcome.Continue;
    }

    /// <summary>
    /// RESP2 subscribe mode (Redis 7.0): only (P)SUBSCRIBE, (P)UNSUBSCRIBE, PING and QUIT run; PING answers
    /// <c>*2 pong &lt;message&gt;</c>; anything else is refused. RESP3 and the line dialect are not restricted.
    /// True when the command was answered here.
    /// </summary>
    private static bool InterceptedInSubscribeMode(in CommandContext c, CommandSpec spec)
    {
        if (!c.Session.IsResp || c.Session.RespVersion != 2)
        {
            return false;
        }

        var request = c.Request;
        switch (request.Command)
        {
            case CommandId.Subscribe or CommandId.Unsubscribe or CommandId.PSubscribe or CommandId.PUnsubscribe or CommandId.Quit:
                return false;
            case CommandId.Ping:
                DrainOwnMessages(c);
                c.Reply.ArrayHeader(2);
                c.Reply.Value("pong"u8);
                c.Reply.Value(request.ArgumentCount > 0 ? request[0] : default);
                return true;
        }

        var name = spec.Name;
        if (spec.Subcommands.Count > 0 && request.ArgumentCount > 0)
        {
            if (spec.FindSubcommand(request[0]) is not { } sub)
            {
                // Redis reports the unknown subcommand first: the handler does.
                return false;
            }

            name = sub.FullName;
        }

        c.Reply.Error(Encoding.UTF8.GetBytes(
            $"ERR Can't execute '{name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
        return true;
    }

    /// <summary>Messages already queued for this connection go out before what the current command writes.</summary>
    private static void DrainOwnMessages(in CommandContext c)
    {
        if (c.Session.Outbox is { HasPending: true } outbox)
        {
            outbox.DrainTo(c.Output);
        }
    }

    private static void WriteConfirmation(in CommandContext c, ReadOnlySpan<byte> kind, byte[]? name, int count) =>
        WriteConfirmation(c, kind, name is null ? default : name.AsSpan(), name is null, count);

    private static void WriteConfirmation(in CommandContext c, ReadOnlySpan<byte> kind, ReadOnlySpan<byte> name, int count) =>
        WriteConfirmation(c, kind, name, false, count);

    private static void WriteConfirmation(in CommandContext c, ReadOnlySpan<byte> kind, ReadOnlySpan<byte> name, bool nil, int count)
    {
        PubSubFrames.Header(c.Output, c.Format, c.Session.RespVersion, 3);
        var reply = c.Reply;
        reply.Value(kind);
        if (nil)
        {
            reply.Nil();
        }
        else
        {
            reply.Value(name);
        }

        reply.Integer(count);
    }
}
