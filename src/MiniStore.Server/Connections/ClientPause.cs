namespace MiniStore.Server.Connections;

/// <summary>What CLIENT PAUSE holds back.</summary>
internal enum PauseMode : byte
{
    None,

    /// <summary>Commands that may write (Redis's WRITE mode).</summary>
    Write,

    /// <summary>Every command of every client (Redis's ALL mode, the default).</summary>
    All,
}

/// <summary>
/// CLIENT PAUSE / UNPAUSE: while a pause is in force, a connection about to run a command it holds back suspends its
/// batch (costing no thread) until the pause ends by timeout or UNPAUSE, then runs it, in order. Time comes from the
/// server's <see cref="TimeProvider"/>, so tests move a fake clock.
/// </summary>
internal sealed class ClientPause(TimeProvider time) : IDisposable
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _ended = NewEnded();
    private ITimer? _timer;
    private volatile PauseMode _mode;
    private long _endsAt;
    private int _held;

    /// <summary>One volatile read on the request path when no pause is in force.</summary>
    public PauseMode Mode => _mode;

    /// <summary>Pauses for <paramref name="duration"/>. A pause already in force is extended and widened, never shortened or narrowed (as Redis).</summary>
    public void Pause(TimeSpan duration, PauseMode mode)
    {
        lock (_gate)
        {
            var endsAt = time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency);
            if (_mode != PauseMode.None)
            {
                endsAt = Math.Max(endsAt, _endsAt);
                mode = (PauseMode)Math.Max((byte)mode, (byte)_mode);
            }

            _endsAt = endsAt;
            _mode = mode;
            _timer?.Dispose();
            _timer = time.CreateTimer(static state => ((ClientPause)state!).Unpause(), this, time.GetElapsedTime(time.GetTimestamp(), endsAt), Timeout.InfiniteTimeSpan);
        }
    }

    public void Unpause()
    {
        TaskCompletionSource ended;
        lock (_gate)
        {
            if (_mode == PauseMode.None)
            {
                return;
            }

            _mode = PauseMode.None;
            _timer?.Dispose();
            _timer = null;
            ended = _ended;
            _ended = NewEnded();
        }

        ended.TrySetResult();
    }

    /// <summary>Connections waiting for the pause to end (INFO's blocked_clients, as Redis counts them).</summary>
    public int HeldClients => Volatile.Read(ref _held);

    /// <summary>Waits until the pause in force now ends (at once if there is none).</summary>
    public async Task WaitUntilEndedAsync(CancellationToken cancellationToken)
    {
        Task ended;
        lock (_gate)
        {
            if (_mode == PauseMode.None)
            {
                return;
            }

            ended = _ended.Task;
        }

        Interlocked.Increment(ref _held);
        try
        {
            await ended.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }

    public void Dispose()
    {
        Unpause();
    }

    private static TaskCompletionSource NewEnded() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
