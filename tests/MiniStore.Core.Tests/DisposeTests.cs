namespace MiniStore.Core.Tests;

/// <summary>Clean shutdown: the scheduler is a TimeProvider timer, and Dispose stops it for good.</summary>
public sealed class DisposeTests
{
    [Fact]
    public void Store_UsesOneTimerFromItsTimeProvider_AndDisposeReleasesIt()
    {
        var time = new TrackingTimeProvider();
        var store = new KeyStore(time: time);
        store.Set("k"u8, "v"u8, Options.Px(100));

        var timer = Assert.Single(time.Timers);
        Assert.False(timer.IsDisposed);

        store.Dispose();

        Assert.True(timer.IsDisposed);
    }

    [Fact]
    public void AfterDispose_ADeadlinePassing_RemovesNothing_AndDoesNotThrow()
    {
        var time = new TrackingTimeProvider();
        var store = new KeyStore(time: time);
        for (var i = 0; i < 100; i++)
        {
            store.Set(BitConverter.GetBytes(i), "v"u8, Options.Px(100));
        }

        store.Dispose();
        time.Advance(TimeSpan.FromMilliseconds(1000));

        Assert.Equal(0, store.ExpiryHeapCount);
        Assert.Equal(0, store.GetStats().ExpiredKeys);
        Assert.Equal(0, time.Timers[0].ChangesAfterDispose);
    }

    [Fact]
    public void ATimerCallbackAlreadyUnderwayWhenDisposed_DoesNothing()
    {
        // The real timer may have queued its callback just before Dispose: run the callback by hand after it.
        var time = new CapturingTimeProvider();
        var store = new KeyStore(time: time);
        store.Set("k"u8, "v"u8, Options.Px(100));
        time.Advance(TimeSpan.FromMilliseconds(100));

        store.Dispose();
        time.Fire();

        Assert.Equal(0, store.GetStats().ExpiredKeys);
        Assert.Equal(0, time.ChangesAfterDispose);
    }

    [Fact]
    public void AfterDispose_WritesWithTtl_AreNotScheduled()
    {
        var time = new TrackingTimeProvider();
        var store = new KeyStore(time: time);
        store.Dispose();

        var result = store.Set("k"u8, "v"u8, Options.Px(100));

        Assert.Equal(SetStatus.Written, result.Status);
        Assert.Equal(0, store.ExpiryHeapCount);
        Assert.Equal(0, time.Timers[0].ChangesAfterDispose);
    }

    [Fact]
    public void Dispose_Twice_IsHarmless()
    {
        var store = new KeyStore(time: new TrackingTimeProvider());

        store.Dispose();
        store.Dispose();
    }

    [Fact]
    public void ManyStoresCreatedAndDisposed_LeaveNoLiveTimer()
    {
        var time = new TrackingTimeProvider();
        for (var i = 0; i < 1000; i++)
        {
            using var store = new KeyStore(new StoreOptions { ShardCount = 1 }, time);
            store.Set("k"u8, "v"u8, Options.Px(10 + i));
        }

        Assert.Equal(1000, time.Timers.Count);
        Assert.All(time.Timers, t => Assert.True(t.IsDisposed));
        time.Advance(TimeSpan.FromSeconds(10));
    }

    /// <summary>Keeps the store's timer callback so a test can run it at a moment of its choosing.</summary>
    private sealed class CapturingTimeProvider : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        private TimerCallback? _callback;
        private object? _state;
        private bool _disposed;

        public int ChangesAfterDispose { get; private set; }

        public void Fire() => _callback!(_state);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _callback = callback;
            _state = state;
            return new Timer(this);
        }

        private sealed class Timer(CapturingTimeProvider owner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                if (owner._disposed)
                {
                    owner.ChangesAfterDispose++;
                }

                return true;
            }

            public void Dispose() => owner._disposed = true;

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
