using MiniStore.Core;
using MiniStore.Protocol;

namespace MiniStore.Server.Commands;

/// <summary>String commands: GET, SET, GETEX, SETEX, PSETEX, SETNX (the rest in CommandDispatcher.StringOps.cs).</summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.Get)]
    private CommandOutcome Get(in CommandContext c)
    {
        if (store.GetString(c.Request[0], out var value) is not (ValueKind.None or ValueKind.String))
        {
            ErrorReplies.WrongType(c.Reply, c.Format);
            return CommandOutcome.Continue;
        }

        CountLookup(c.Session, value);
        WriteValueOrNil(c.Reply, value);
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Set)]
    private CommandOutcome Set(in CommandContext c)
    {
        var error = CommandSyntax.ParseSet(c.Request, out var args);
        if (error != RequestError.None)
        {
            WriteRequestError(c.Reply, c.Request, error);
            return CommandOutcome.Continue;
        }

        var options = new SetOptions(
            args.Condition switch
            {
                ConditionOption.IfAbsent => SetCondition.IfAbsent,
                ConditionOption.IfPresent => SetCondition.IfPresent,
                _ => SetCondition.Always,
            },
            args.Expiry switch
            {
                ExpiryOption.After => ExpiryMode.After,
                ExpiryOption.At => ExpiryMode.At,
                ExpiryOption.Keep => ExpiryMode.Keep,
                _ => ExpiryMode.None,
            },
            args.TtlMs,
            args.Get);

        WriteSetResult(c.Reply, c.Request, store.Set(c.Request[0], c.Request[1], options), args.Get);
        return CommandOutcome.Continue;
    }

    /// <summary>SETEX key seconds value / PSETEX key milliseconds value (the older Redis forms clients still send).</summary>
    [Handles(CommandId.SetEx, CommandId.PSetEx)]
    private CommandOutcome SetWithExpiry(in CommandContext c)
    {
        var request = c.Request;
        if (!CommandSyntax.TryParseInt64(request[1], out _))
        {
            ErrorReplies.NotAnInteger(c.Reply, request.Format);
        }
        else if (!CommandSyntax.TryParseTtl(request[1], seconds: request.Command == CommandId.SetEx, out var ttlMs))
        {
            ErrorReplies.InvalidExpireTime(c.Reply, request);
        }
        else
        {
            WriteSetResult(c.Reply, request, store.Set(request[0], request[2], new SetOptions(Expiry: ExpiryMode.After, TtlMs: ttlMs)), returnOld: false);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.SetNx)]
    private CommandOutcome SetNx(in CommandContext c)
    {
        var result = store.Set(c.Request[0], c.Request[1], new SetOptions(SetCondition.IfAbsent));
        if (result.Status == SetStatus.OutOfMemory)
        {
            ErrorReplies.OutOfMemory(c.Reply, c.Format);
        }
        else
        {
            c.Reply.Integer(result.Status == SetStatus.Written ? 1 : 0);
        }

        return CommandOutcome.Continue;
    }

    [Handles(CommandId.GetEx)]
    private CommandOutcome GetEx(in CommandContext c)
    {
        var request = c.Request;
        var error = CommandSyntax.ParseGetEx(request, out var args);
        if (error != RequestError.None)
        {
            WriteRequestError(c.Reply, request, error);
            return CommandOutcome.Continue;
        }

        if (args.NumberError != RequestError.None)
        {
            // Redis judges the number only when the key holds a string: a missing key answers nil.
            switch (store.TypeOf(request[0]))
            {
                case ValueKind.None:
                    CountLookup(c.Session, null);
                    c.Reply.Nil();
                    break;
                case ValueKind.String:
                    WriteRequestError(c.Reply, request, args.NumberError);
                    break;
                default:
                    ErrorReplies.WrongType(c.Reply, c.Format);
                    break;
            }

            return CommandOutcome.Continue;
        }

        var change = args.Expiry switch
        {
            ExpiryOption.After => GetExpiryChange.ExpireAfter,
            ExpiryOption.At => GetExpiryChange.ExpireAt,
            ExpiryOption.Persist => GetExpiryChange.Persist,
            _ => GetExpiryChange.None,
        };
        switch (store.GetAndUpdateExpiry(request[0], change, args.TtlMs, out var value))
        {
            case GetExStatus.InvalidExpireTime:
                ErrorReplies.InvalidExpireTime(c.Reply, request);
                return CommandOutcome.Continue;
            case GetExStatus.WrongType:
                ErrorReplies.WrongType(c.Reply, c.Format);
                return CommandOutcome.Continue;
        }

        CountLookup(c.Session, value);
        WriteValueOrNil(c.Reply, value);
        return CommandOutcome.Continue;
    }

    private static void WriteSetResult(ReplyWriter reply, in Request request, SetResult result, bool returnOld)
    {
        switch (result.Status)
        {
            case SetStatus.Written when !returnOld:
                reply.Ok();
                break;
            case SetStatus.Written:
            case SetStatus.ConditionNotMet:
                // With GET the reply is the old value either way; without it, a stopped write is (nil).
                WriteValueOrNil(reply, result.OldValue);
                break;
            case SetStatus.InvalidExpireTime:
                ErrorReplies.InvalidExpireTime(reply, request);
                break;
            case SetStatus.OutOfMemory:
                ErrorReplies.OutOfMemory(reply, request.Format);
                break;
            case SetStatus.WrongType:
                ErrorReplies.WrongType(reply, request.Format);
                break;
        }
    }
}
