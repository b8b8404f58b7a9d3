using MiniStore.Core;
using MiniStore.Server.Blocking;
using MiniStore.Server.Transactions;

namespace MiniStore.Server.Hosting;

/// <summary>
/// The store's one observer: every change to a key goes to WATCH (<see cref="WatchRegistry"/>) and to the blocked
/// clients (<see cref="BlockingRegistry"/>). Each costs a volatile read while nobody watches or waits, so GET and SET
/// pay nothing more (no allocation, no lock). FLUSHALL touches watched keys before it runs (see the FLUSHALL handler):
/// afterwards it is too late to know which of them existed.
/// </summary>
internal sealed class KeyspaceSignals(WatchRegistry watches, BlockingRegistry blocking) : IKeyspaceObserver
{
    public void OnModified(ReadOnlySpan<byte> key)
    {
        watches.Touch(key);
        blocking.Signal(key);
    }

    public void OnFlushed()
    {
        // A flush empties lists and sorted sets: nobody waiting on them can be served.
    }
}
