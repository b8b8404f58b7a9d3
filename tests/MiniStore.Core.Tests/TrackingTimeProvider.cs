using Microsoft.Extensions.Time.Testing;

namespace MiniStore.Core.Tests;

/// <summary>A fake clock that records every timer it hands out, to check the store's timer lifecycle.</summary>
internal sealed class TrackingTimeProvider : FakeTimeProvider
{
    private readonly List<TrackedTimer> _timers = [];

    public IReadOnlyList<TrackedTimer> Timers => _timers;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(base.CreateTimer(callback, state, dueTime, period));
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    internal sealed class TrackedTimer(ITimer inner) : ITimer
    {
        public bool IsDisposed { get; private set; }

        public int ChangesAfterDispose { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (IsDisposed)
            {
                ChangesAfterDispose++;
            }

            return inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            IsDisposed = true;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
