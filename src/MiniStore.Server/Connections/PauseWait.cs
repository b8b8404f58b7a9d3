using System.Buffers;
using MiniStore.Server.Commands;

namespace MiniStore.Server.Connections;

/// <summary>A command CLIENT PAUSE holds back: it was handed back to the reader, and runs when the pause ends.</summary>
internal sealed class PauseWait(ClientPause pause) : Suspension
{
    public override Task WaitAsync(CancellationToken stopping) => pause.WaitUntilEndedAsync(stopping);

    public override CommandOutcome Resume(IBufferWriter<byte> output) => CommandOutcome.Continue;
}
