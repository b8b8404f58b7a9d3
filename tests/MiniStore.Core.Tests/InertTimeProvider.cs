using Microsoft.Extensions.Time.Testing;

namespace MiniStore.Core.Tests;

/// <summary>
/// A fake clock whose timers never fire, so the scheduler never runs on its own: what a test sees after
/// <c>Advance</c> is lazy expiry (and the explicit reclaim of Count/GetStats) alone.
/// </summary>
internal sealed class InertTimeProvider : FakeTimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new InertTimer();

    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
