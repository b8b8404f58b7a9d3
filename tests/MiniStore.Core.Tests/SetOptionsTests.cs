namespace MiniStore.Core.Tests;

/// <summary>SET's options: NX/XX × none/KEEPTTL/PX × GET, against absent keys and keys with and without a TTL.</summary>
public sealed class SetOptionsTests : StoreTestBase
{
    private const long OldTtl = 5_000;
    private const long NewTtl = 1_000;

    public enum Before
    {
        Absent,
        PresentNoTtl,
        PresentWithTtl,
    }

    public static TheoryData<Before, SetCondition, ExpiryMode, bool> Matrix
    {
        get
        {
            var data = new TheoryData<Before, SetCondition, ExpiryMode, bool>();
            foreach (var before in Enum.GetValues<Before>())
            {
                foreach (var condition in Enum.GetValues<SetCondition>())
                {
                    foreach (var expiry in Enum.GetValues<ExpiryMode>())
                    {
                        data.Add(before, condition, expiry, false);
                        data.Add(before, condition, expiry, true);
                    }
                }
            }

            return data;
        }
    }

    /// <summary>Every combination, checked against the rules of protocol.md A.4 written out as a model.</summary>
    [Theory]
    [MemberData(nameof(Matrix))]
    public void Set_EveryCombination_FollowsTheSpec(Before before, SetCondition condition, ExpiryMode expiry, bool returnOld)
    {
        var key = "k"u8.ToArray();
        if (before != Before.Absent)
        {
            Store.Set(key, "old"u8, before == Before.PresentWithTtl ? Options.Px(OldTtl) : SetOptions.Plain);
        }

        var ms = expiry switch
        {
            ExpiryMode.After => NewTtl,
            ExpiryMode.At => Time.GetUtcNow().ToUnixTimeMilliseconds() + NewTtl,
            _ => 0,
        };
        var result = Store.Set(key, "new"u8, new SetOptions(condition, expiry, ms, returnOld));

        var exists = before != Before.Absent;
        var writes = condition switch
        {
            SetCondition.IfAbsent => !exists,
            SetCondition.IfPresent => exists,
            _ => true,
        };
        long expectedTtl = !writes
            ? before switch { Before.Absent => -2, Before.PresentNoTtl => -1, _ => OldTtl }
            : expiry switch { ExpiryMode.After or ExpiryMode.At => NewTtl, ExpiryMode.Keep when before == Before.PresentWithTtl => OldTtl, _ => -1 };
        var expectedValue = writes ? "new"u8.ToArray() : exists ? "old"u8.ToArray() : null;
        var expectedOld = returnOld && exists ? "old"u8.ToArray() : null;

        Assert.Equal(writes ? SetStatus.Written : SetStatus.ConditionNotMet, result.Status);
        Assert.Equal(expectedOld, result.OldValue.Bytes());
        Assert.Equal(expectedValue, Store.GetBytes(key));
        Assert.Equal(expectedTtl, Store.TimeToLiveMs(key));
        var stats = Store.GetStats();
        Assert.Equal(expectedValue is null ? 0 : 1, stats.Keys);
        Assert.Equal(expectedTtl > 0 ? 1 : 0, stats.KeysWithExpiry);
    }

    [Fact]
    public void At_APastTime_WritesAKeyThatIsAlreadyGone()
    {
        var past = Time.GetUtcNow().ToUnixTimeMilliseconds() - 1;

        var result = Store.Set("k"u8, "v"u8, new SetOptions(Expiry: ExpiryMode.At, TtlMs: past));

        Assert.Equal(SetStatus.Written, result.Status);
        Assert.Null(Store.GetBytes("k"u8));
        Assert.Equal(-2, Store.TimeToLiveMs("k"u8));
    }

    [Fact]
    public void At_IsReadAgainstTheWallClock_ThenKeptMonotonic()
    {
        Advance(10_000);
        var at = Time.GetUtcNow().ToUnixTimeMilliseconds() + 2_500;

        Store.Set("k"u8, "v"u8, new SetOptions(Expiry: ExpiryMode.At, TtlMs: at));
        Advance(2_000);

        Assert.Equal(500, Store.TimeToLiveMs("k"u8));
        Advance(500);
        Assert.Null(Store.GetBytes("k"u8));
    }

    [Fact]
    public void At_TheLargestTime_DoesNotOverflow()
    {
        Store.Set("k"u8, "v"u8, new SetOptions(Expiry: ExpiryMode.At, TtlMs: long.MaxValue));

        Assert.Equal(long.MaxValue - Time.GetUtcNow().ToUnixTimeMilliseconds(), Store.TimeToLiveMs("k"u8));
    }

    [Fact]
    public void IfAbsentWithReturnOld_OnExistingKey_ReturnsOldValueAndSetsNothing()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), OldTtl);

        var result = Store.Set("k"u8, "new"u8, new SetOptions(SetCondition.IfAbsent, ExpiryMode.After, NewTtl, ReturnOld: true));

        Assert.Equal(SetStatus.ConditionNotMet, result.Status);
        Assert.Equal("old"u8.ToArray(), result.OldValue.Bytes());
        Assert.Equal("old"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(OldTtl, Store.TimeToLiveMs("k"u8));
    }

    [Fact]
    public void IfAbsentWithReturnOld_OnMissingKey_WritesAndReturnsNull()
    {
        var result = Store.Set("k"u8, "new"u8, new SetOptions(SetCondition.IfAbsent, ReturnOld: true));

        Assert.Equal(new SetResult(SetStatus.Written, null), result);
        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
    }

    [Fact]
    public void IfPresent_OnMissingKey_DoesNotCreateIt()
    {
        var result = Store.Set("k"u8, "v"u8, new SetOptions(SetCondition.IfPresent, ExpiryMode.After, NewTtl, ReturnOld: true));

        Assert.Equal(new SetResult(SetStatus.ConditionNotMet, null), result);
        Assert.False(Store.Exists("k"u8));
        Assert.Equal(0, Store.ExpiryHeapCount);
    }

    [Fact]
    public void PlainSet_ClearsAnOldExpiry()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);

        Set("k"u8.ToArray(), "new"u8.ToArray());
        Advance(10_000);

        Assert.Equal(-1, Store.TimeToLiveMs("k"u8));
        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(0, Store.GetStats().KeysWithExpiry);
    }

    [Fact]
    public void KeepTtl_KeepsTheOldDeadline_NotTheOldTtl()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);
        Advance(40);

        Store.Set("k"u8, "new"u8, new SetOptions(Expiry: ExpiryMode.Keep));

        Assert.Equal(60, Store.TimeToLiveMs("k"u8));
        Advance(59);
        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
        Advance(1);
        Assert.Null(Store.GetBytes("k"u8));
    }

    [Fact]
    public void KeepTtl_OnMissingKey_WritesWithoutExpiry()
    {
        Store.Set("k"u8, "v"u8, new SetOptions(Expiry: ExpiryMode.Keep));

        Assert.Equal(-1, Store.TimeToLiveMs("k"u8));
        Assert.Equal(0, Store.ExpiryHeapCount);
    }

    [Fact]
    public void KeepTtl_OnKeyWithoutExpiry_StaysWithoutExpiry()
    {
        Set("k"u8.ToArray(), "old"u8.ToArray());

        Store.Set("k"u8, "new"u8, new SetOptions(Expiry: ExpiryMode.Keep));

        Assert.Equal(-1, Store.TimeToLiveMs("k"u8));
        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
    }

    [Fact]
    public void ExpireAfter_ReplacesAnOldExpiry()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);

        SetPx("k"u8.ToArray(), "new"u8.ToArray(), 10_000);

        Assert.Equal(10_000, Store.TimeToLiveMs("k"u8));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void InvalidTtl_IsRejected_AndChangesNothing(long ttl)
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), OldTtl);
        var heapBefore = Store.ExpiryHeapCount;

        foreach (var condition in Enum.GetValues<SetCondition>())
        {
            var result = Store.Set("k"u8, "new"u8, new SetOptions(condition, ExpiryMode.After, ttl, ReturnOld: true));
            var fresh = Store.Set("other"u8, "new"u8, new SetOptions(condition, ExpiryMode.After, ttl, ReturnOld: true));

            Assert.Equal(new SetResult(SetStatus.InvalidExpireTime, null), result);
            Assert.Equal(new SetResult(SetStatus.InvalidExpireTime, null), fresh);
        }

        Assert.Equal("old"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(OldTtl, Store.TimeToLiveMs("k"u8));
        Assert.False(Store.Exists("other"u8));
        Assert.Equal(heapBefore, Store.ExpiryHeapCount);
    }

    [Fact]
    public void Ttl_WhoseDeadlineWouldOverflow_IsInvalid_OneLess_IsValid()
    {
        Advance(10);

        var overflowing = SetPx("k"u8.ToArray(), "v"u8.ToArray(), long.MaxValue - 10);
        var largest = SetPx("k"u8.ToArray(), "v"u8.ToArray(), long.MaxValue - 11);

        Assert.Equal(SetStatus.InvalidExpireTime, overflowing.Status);
        Assert.Equal(SetStatus.Written, largest.Status);
        Assert.Equal(long.MaxValue - 11, Store.TimeToLiveMs("k"u8));
    }

    /// <summary>
    /// A timer cannot be armed more than ~49.7 days (uint.MaxValue - 1 ms) ahead, nor a <see cref="TimeSpan"/>
    /// hold the largest valid TTLs; such keys must still be accepted and expire on time.
    /// </summary>
    [Theory]
    [InlineData(50L * 24 * 3600 * 1000)]
    [InlineData(365L * 24 * 3600 * 1000)]
    [InlineData(long.MaxValue / 2)]
    [InlineData(long.MaxValue - 1)]
    public void VeryLongTtl_IsAccepted(long ttl)
    {
        var result = SetPx("k"u8.ToArray(), "v"u8.ToArray(), ttl);

        Assert.Equal(SetStatus.Written, result.Status);
        Assert.Equal(ttl, Store.TimeToLiveMs("k"u8));
        Assert.Equal(1, Store.ExpiryHeapCount);
        Assert.Equal(1, Store.GetStats().KeysWithExpiry);
    }

    [Fact]
    public void VeryLongTtl_ExpiresActively_AtItsDeadline()
    {
        const long fiftyDays = 50L * 24 * 3600 * 1000;
        SetPx("far"u8.ToArray(), "v"u8.ToArray(), fiftyDays);

        Advance(fiftyDays - 1);
        Assert.Equal(1, Store.ExpiryHeapCount);
        Advance(1);

        Assert.Equal(0, Store.ExpiryHeapCount);
        Assert.Equal(1, Store.GetStats().ExpiredKeys);
        Assert.Null(Store.GetBytes("far"u8));
    }

    [Fact]
    public void ReturnOld_WithoutAnOldValue_ReturnsNull_AndWithoutReturnOld_OldValueIsNeverReturned()
    {
        var first = Store.Set("k"u8, "a"u8, new SetOptions(ReturnOld: true));
        var second = Store.Set("k"u8, "b"u8, new SetOptions(ReturnOld: false));
        var third = Store.Set("k"u8, "c"u8, new SetOptions(ReturnOld: true));

        Assert.Null(first.OldValue.Bytes());
        Assert.Null(second.OldValue.Bytes());
        Assert.Equal("b"u8.ToArray(), third.OldValue.Bytes());
    }

    [Fact]
    public void ReturnOld_OnExpiredKey_ReturnsNull()
    {
        SetPx("k"u8.ToArray(), "old"u8.ToArray(), 100);
        Advance(100);

        var result = Store.Set("k"u8, "new"u8, new SetOptions(SetCondition.IfAbsent, ReturnOld: true));

        Assert.Equal(new SetResult(SetStatus.Written, null), result);
        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
    }

    [Fact]
    public void IfPresent_OnKeyPastItsDeadline_IsNotMet()
    {
        // The inert clock keeps the expired entry in the map: only the lazy check can hide it.
        var time = new InertTimeProvider();
        using var store = new KeyStore(time: time);
        store.Set("k"u8, "old"u8, Options.Px(100));
        time.Advance(TimeSpan.FromMilliseconds(100));

        var result = store.Set("k"u8, "new"u8, new SetOptions(SetCondition.IfPresent, ReturnOld: true));

        Assert.Equal(new SetResult(SetStatus.ConditionNotMet, null), result);
        Assert.Null(store.GetBytes("k"u8));
        Assert.Equal(1, store.GetStats().ExpiredKeys);
    }
}
