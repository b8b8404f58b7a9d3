namespace MiniStore.Core;

/// <summary>
/// Milliseconds since the store started, from <see cref="TimeProvider.GetTimestamp"/>: monotonic, so a
/// wall-clock jump never expires keys early or keeps them late. Tests pass a FakeTimeProvider.
/// </summary>
public sealed class MonotonicClock
{
    private readonly long _start;

    public MonotonicClock(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Time = time;
        _start = time.GetTimestamp();
    }

    public TimeProvider Time { get; }

    public long NowMs => (long)Time.GetElapsedTime(_start).TotalMilliseconds;
}
