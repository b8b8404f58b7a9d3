using Microsoft.Extensions.Time.Testing;

namespace MiniStore.Core.Tests;

/// <summary>A store on a fake clock: tests move time with <see cref="Advance"/> and never sleep.</summary>
public abstract class StoreTestBase : IDisposable
{
    protected StoreTestBase()
        : this(new FakeTimeProvider())
    {
    }

    protected StoreTestBase(FakeTimeProvider time)
    {
        Time = time;
        Store = new KeyStore(new StoreOptions { ShardCount = 4 }, time);
    }

    protected FakeTimeProvider Time { get; }

    protected KeyStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Moves the fake clock; due expiry timers fire inside this call.</summary>
    protected void Advance(long ms) => Time.Advance(TimeSpan.FromMilliseconds(ms));

    protected SetResult Set(byte[] key, byte[] value) => Store.Set(key, value, SetOptions.Plain);

    protected SetResult SetPx(byte[] key, byte[] value, long ttlMs) => Store.Set(key, value, Options.Px(ttlMs));
}

internal static class Options
{
    public static SetOptions Px(long ttlMs) => new(Expiry: ExpiryMode.After, TtlMs: ttlMs);
}
