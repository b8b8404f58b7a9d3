using System.Text;
using MiniStore.Persistence;
using MiniStore.Protocol;
using MiniStore.Server.Connections;

namespace MiniStore.Server.Commands;

/// <summary>SAVE, BGSAVE, LASTSAVE (README, "Persistence").</summary>
internal sealed partial class CommandDispatcher
{
    /// <summary>SAVE: answers once the file is in place. The connection waits holding no thread; every other one is served meanwhile.</summary>
    [Handles(CommandId.Save)]
    private CommandOutcome Save(in CommandContext c)
    {
        c.Session.Suspension = new SaveWait(snapshots.SaveAsync(), c.Format, c.Session.RespVersion);
        return CommandOutcome.Suspend;
    }

    /// <summary>BGSAVE [SCHEDULE]: starts a save and answers at once.</summary>
    [Handles(CommandId.BgSave)]
    private CommandOutcome BgSave(in CommandContext c)
    {
        var schedule = false;
        if (c.Request.ArgumentCount > 0)
        {
            // As Redis: anything but one SCHEDULE is a syntax error, not an arity error.
            if (c.Request.ArgumentCount > 1 || !Ascii.EqualsIgnoreCase(c.Request[0], "schedule"u8))
            {
                c.Reply.Error(c.Format == WireFormat.Line ? "ERR: syntax error"u8 : "ERR syntax error"u8);
                return CommandOutcome.Continue;
            }

            schedule = true;
        }

        if (!snapshots.TryStartBackgroundSave(schedule, out var scheduled, out var error))
        {
            c.Reply.Error(PersistenceError(error!, c.Format));
            return CommandOutcome.Continue;
        }

        c.Reply.Status(scheduled ? "Background saving scheduled"u8 : "Background saving started"u8);
        return CommandOutcome.Continue;
    }

    /// <summary>LASTSAVE: Unix seconds of the last successful save (of the start, before any).</summary>
    [Handles(CommandId.LastSave)]
    private CommandOutcome LastSave(in CommandContext c)
    {
        c.Reply.Integer(snapshots.LastSaveUnixSeconds);
        return CommandOutcome.Continue;
    }

    /// <summary>Redis's "ERR text" in RESP; the line protocol's "ERR: text".</summary>
    internal static byte[] PersistenceError(string redisError, WireFormat format) =>
        Encoding.UTF8.GetBytes(format == WireFormat.Line && redisError.StartsWith("ERR ", StringComparison.Ordinal) ? "ERR: " + redisError[4..] : redisError);
}

/// <summary>A SAVE waiting for its file to be written.</summary>
internal sealed class SaveWait(Task<SaveOutcome> save, WireFormat format, int respVersion) : Suspension
{
    private SaveOutcome? _outcome;

    public override async Task WaitAsync(CancellationToken stopping) =>
        _outcome = await save.WaitAsync(stopping).ConfigureAwait(false);

    public override CommandOutcome Resume(System.Buffers.IBufferWriter<byte> output)
    {
        var reply = new ReplyWriter(output, format, respVersion);
        if (_outcome?.Error is { } error)
        {
            reply.Error(CommandDispatcher.PersistenceError(error, format));
        }
        else
        {
            reply.Ok();
        }

        return CommandOutcome.Continue;
    }
}
