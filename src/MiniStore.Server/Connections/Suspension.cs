using System.Buffers;
using MiniStore.Server.Commands;

namespace MiniStore.Server.Connections;

/// <summary>
/// A command that must wait before it can answer (a password check, CLIENT PAUSE; later BLPOP and SAVE). The command
/// leaves one in <see cref="Session.Suspension"/> and returns <see cref="CommandOutcome.Suspend"/>; the connection's
/// loop flushes the replies so far, awaits <see cref="WaitAsync"/> holding no thread, calls <see cref="Resume"/> and
/// goes on with the rest of the batch.
/// </summary>
internal abstract class Suspension
{
    public abstract Task WaitAsync(CancellationToken stopping);

    /// <summary>After the wait: writes the command's reply, if it has one, and says what the loop does next.</summary>
    public abstract CommandOutcome Resume(IBufferWriter<byte> output);

    /// <summary>The connection closes while waiting: let go of anything secret.</summary>
    public virtual void Abandon()
    {
    }
}
