namespace MiniStore.Core.Tests;

/// <summary>
/// A time provider may run a due timer on whichever thread next touches it (FakeTimeProvider does, inside
/// <c>GetTimestamp</c> and <c>Timer.Change</c>). The store reads the clock and arms its timer while holding a shard
/// lock; expiry must then wait for the thread pool, never reclaim inside the change under way.
/// </summary>
public sealed class ReentrantClockTests
{
    [Fact]
    public void A_timer_fired_by_the_clock_read_of_an_open_slot_leaves_the_counters_matching_the_contents()
    {
        var time = new ClockReadFiresTimers();
        using var store = new KeyStore(new StoreOptions { ShardCount = 1 }, time);
        store.Set("k"u8, "old"u8, Options.Px(10));
        time.MoveWithoutFiring(TimeSpan.FromMilliseconds(10));

        using (var slot = store.Open("k"u8))
        {
            Assert.False(slot.Exists);
            slot.SetString("new"u8.ToArray(), Entry.NoDeadline);
        }

        Assert.True(time.Fired);
        Assertions.CountersMatchContents(store, ["k"u8.ToArray()]);
        Assert.Equal("new"u8.ToArray(), store.GetBytes("k"u8));
    }

    [Fact]
    public void A_timer_fired_while_arming_for_an_already_due_deadline_reclaims_it_without_deadlock()
    {
        var time = new ClockReadFiresTimers();
        using var store = new KeyStore(new StoreOptions { ShardCount = 1 }, time);
        store.Set("a"u8, "v"u8, SetOptions.Plain);
        store.Set("due"u8, "v"u8, Options.Px(5));
        time.MoveWithoutFiring(TimeSpan.FromMilliseconds(5));

        store.Set("b"u8, "v"u8, Options.Px(1));

        Assertions.CountersMatchContents(store, ["a"u8.ToArray(), "b"u8.ToArray(), "due"u8.ToArray()]);
        Assert.Null(store.GetBytes("due"u8));
        Assert.Equal("v"u8.ToArray(), store.GetBytes("b"u8));
    }

    /// <summary>A manual clock whose single timer runs inline, on the reading thread, the first time it is read past due.</summary>
    private sealed class ClockReadFiresTimers : TimeProvider
    {
        private readonly Lock _gate = new();
        private long _now;
        private long _dueAt = long.MaxValue;
        private TimerCallback? _callback;
        private object? _state;

        public bool Fired { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void MoveWithoutFiring(TimeSpan by)
        {
            lock (_gate)
            {
                _now += by.Ticks;
            }
        }

        public override long GetTimestamp()
        {
            long now;
            lock (_gate)
            {
                now = _now;
            }

            FireIfDue();
            return now;
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _callback = callback;
            _state = state;
            var timer = new ManualTimer(this);
            timer.Change(dueTime, period);
            return timer;
        }

        private void Arm(TimeSpan dueTime)
        {
            lock (_gate)
            {
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : _now + dueTime.Ticks;
            }

            FireIfDue();
        }

        private void FireIfDue()
        {
            lock (_gate)
            {
                if (_dueAt > _now || _callback is null)
                {
                    return;
                }

                _dueAt = long.MaxValue;
                Fired = true;
            }

            _callback(_state);
        }

        private sealed class ManualTimer(ClockReadFiresTimers owner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                owner.Arm(dueTime);
                return true;
            }

            public void Dispose() => owner.Arm(Timeout.InfiniteTimeSpan);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
