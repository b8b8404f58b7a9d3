using System.Buffers;
using MiniStore.Protocol;
using MiniStore.Server.Commands;
using MiniStore.Server.Connections;

namespace MiniStore.Server.Blocking;

/// <summary>How a wait ended; only the first ending counts.</summary>
internal enum WaitEnd
{
    Waiting,
    Served,
    TimedOut,

    /// <summary>CLIENT UNBLOCK id [TIMEOUT]: answered as a timeout.</summary>
    Unblocked,

    /// <summary>CLIENT UNBLOCK id ERROR.</summary>
    UnblockedWithError,

    /// <summary>BLMOVE's source got an element while its destination held another type: WRONGTYPE, as Redis answers.</summary>
    DestinationWrongType,

    /// <summary>The connection closed.</summary>
    Abandoned,
}

/// <summary>
/// A client waiting in BLPOP, BLMOVE, BZPOPMIN...: it sits in the wait list of each of its keys (<see cref="BlockingRegistry"/>)
/// and its connection's loop awaits <see cref="WaitAsync"/>, holding no thread. Whoever ends the wait first wins: a push
/// that serves it, the timer, CLIENT UNBLOCK, or the connection closing.
/// </summary>
internal sealed class BlockedPop : Suspension
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BlockingRegistry _registry;
    private readonly WireFormat _format;
    private int _end;
    private ITimer? _timer;
    private PopResult? _result;

    public BlockedPop(PopSpec spec, Session session, WireFormat format, BlockingRegistry registry)
    {
        Spec = spec;
        Session = session;
        _format = format;
        _registry = registry;
    }

    public PopSpec Spec { get; }

    public Session Session { get; }

    public bool IsWaiting => Volatile.Read(ref _end) == (int)WaitEnd.Waiting;

    /// <summary>Starts the timeout; 0 waits for ever.</summary>
    public void StartTimer(TimeProvider time, long timeoutMs)
    {
        // A timer cannot be armed beyond about 49 days (System.Threading.Timer's limit); longer waits have none.
        const long MaxTimerMs = uint.MaxValue - 1;
        if (timeoutMs > 0 && timeoutMs <= MaxTimerMs)
        {
            var timer = time.CreateTimer(static state => ((BlockedPop)state!).End(WaitEnd.TimedOut), this, TimeSpan.FromMilliseconds(timeoutMs), Timeout.InfiniteTimeSpan);
            Volatile.Write(ref _timer, timer);
            if (!IsWaiting)
            {
                // Served (or ended) before the timer existed.
                timer.Dispose();
            }
        }
    }

    /// <summary>Ends the wait without a pop (timeout, CLIENT UNBLOCK, close); false if it had already ended.</summary>
    public bool End(WaitEnd end) => _registry.TryEnd(this, end);

    /// <summary>Claims the waiter for <paramref name="end"/>; called by the registry under its lock.</summary>
    internal bool TryClaim(WaitEnd end) => Interlocked.CompareExchange(ref _end, (int)end, (int)WaitEnd.Waiting) == (int)WaitEnd.Waiting;

    /// <summary>After the claim: hands over what was popped for it (null if the pop failed) and wakes its connection.</summary>
    internal void Complete(PopResult? result)
    {
        _result = result;
        Volatile.Read(ref _timer)?.Dispose();
        _done.TrySetResult();
    }

    public override async Task WaitAsync(CancellationToken stopping)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, Session.Closed);
        await _done.Task.WaitAsync(either.Token).ConfigureAwait(false);
    }

    public override CommandOutcome Resume(IBufferWriter<byte> output)
    {
        var reply = new ReplyWriter(output, _format, Session.RespVersion);
        switch ((WaitEnd)Volatile.Read(ref _end))
        {
            case WaitEnd.Served when _result is { } result:
                Spec.WriteResult(reply, result);
                break;
            case WaitEnd.Served:
                ErrorReplies.OutOfMemory(reply, _format);
                break;
            case WaitEnd.DestinationWrongType:
                ErrorReplies.WrongType(reply, _format);
                break;
            case WaitEnd.UnblockedWithError:
                reply.Error(_format == WireFormat.Line ? "ERR: unblocked via CLIENT UNBLOCK"u8 : "UNBLOCKED client unblocked via CLIENT UNBLOCK"u8);
                break;
            default:
                reply.NilArray();
                break;
        }

        return CommandOutcome.Continue;
    }

    public override void Abandon() => End(WaitEnd.Abandoned);
}
