using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;

namespace MiniStore.Core.Tests;

/// <summary>Real threads against one store: conditional writes are atomic and counters stay exact.</summary>
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void ThirtyTwoThreadsRacingIfAbsent_ExactlyOneWrites_TheOthersSeeItsValue()
    {
        const int threads = 32;
        for (var round = 0; round < 20; round++)
        {
            using var store = new KeyStore(time: new FakeTimeProvider());
            var results = new SetResult[threads];

            RunTogether(threads, t =>
                results[t] = store.Set("lock"u8, BitConverter.GetBytes(t), new SetOptions(SetCondition.IfAbsent, ReturnOld: true)));

            var winners = Enumerable.Range(0, threads).Where(t => results[t].Status == SetStatus.Written).ToArray();
            var winner = Assert.Single(winners);
            Assert.Null(results[winner].OldValue.Bytes());
            Assert.Equal(BitConverter.GetBytes(winner), store.GetBytes("lock"u8));
            foreach (var t in Enumerable.Range(0, threads).Where(t => t != winner))
            {
                Assert.Equal(SetStatus.ConditionNotMet, results[t].Status);
                Assert.Equal(BitConverter.GetBytes(winner), results[t].OldValue.Bytes());
            }

            Assert.Equal(1, store.GetStats().Keys);
        }
    }

    /// <summary>
    /// Every value written is the old value of exactly one later write, except the last one, which is what
    /// the key holds at the end: no update is lost and none is seen twice.
    /// </summary>
    [Theory]
    [InlineData(SetCondition.Always, ExpiryMode.None)]
    [InlineData(SetCondition.Always, ExpiryMode.After)]
    [InlineData(SetCondition.IfPresent, ExpiryMode.Keep)]
    public void ReturnOldFromManyThreads_EveryValueIsReturnedExactlyOnce(SetCondition condition, ExpiryMode expiry)
    {
        const int threads = 8;
        const int writesPerThread = 20_000;
        using var store = new KeyStore(time: new FakeTimeProvider());
        var seed = Value(-1, 0);
        store.Set("k"u8, seed, SetOptions.Plain);
        var olds = new List<byte[]>[threads];

        RunTogether(threads, t =>
        {
            var mine = new List<byte[]>(writesPerThread);
            var options = new SetOptions(condition, expiry, 60_000, ReturnOld: true);
            for (var i = 0; i < writesPerThread; i++)
            {
                var result = store.Set("k"u8, Value(t, i), options);
                Assert.Equal(SetStatus.Written, result.Status);
                mine.Add(result.OldValue.Bytes()!);
            }

            olds[t] = mine;
        });

        var returned = olds.SelectMany(l => l).Select(v => BinaryPrimitives.ReadInt64LittleEndian(v)).ToList();
        returned.Add(BinaryPrimitives.ReadInt64LittleEndian(store.GetBytes("k"u8)));
        var written = Enumerable.Range(0, threads)
            .SelectMany(t => Enumerable.Range(0, writesPerThread).Select(i => BinaryPrimitives.ReadInt64LittleEndian(Value(t, i))))
            .Append(BinaryPrimitives.ReadInt64LittleEndian(seed));
        returned.Sort();
        Assert.Equal(written.Order(), returned);

        // Each thread's own writes must appear in its own order along the chain of old values.
        var next = olds.SelectMany((l, t) => l.Select((old, i) => (Old: BinaryPrimitives.ReadInt64LittleEndian(old), New: BinaryPrimitives.ReadInt64LittleEndian(Value(t, i)))))
            .ToDictionary(p => p.Old, p => p.New);
        var position = new Dictionary<long, int>();
        var current = BinaryPrimitives.ReadInt64LittleEndian(seed);
        for (var step = 0; next.TryGetValue(current, out var following); step++)
        {
            position[following] = step;
            current = following;
        }

        Assert.Equal(threads * writesPerThread, position.Count);
        for (var t = 0; t < threads; t++)
        {
            for (var i = 1; i < writesPerThread; i++)
            {
                Assert.True(position[BinaryPrimitives.ReadInt64LittleEndian(Value(t, i - 1))] < position[BinaryPrimitives.ReadInt64LittleEndian(Value(t, i))]);
            }
        }
    }

    [Fact]
    public void SetDeleteGetStorm_CountersMatchContents()
    {
        using var store = new KeyStore(new StoreOptions { ShardCount = 4 }, new FakeTimeProvider());
        var keys = Enumerable.Range(0, 64).Select(i => BitConverter.GetBytes(i)).ToArray();

        RunTogether(8, t => Storm(store, keys, new Random(t), 50_000));

        Assertions.CountersMatchContents(store, keys);
        Assert.InRange(store.ExpiryHeapCount, 0, (4 * keys.Length) + 1024);
    }

    /// <summary>The same storm while another thread moves the clock, so active and lazy expiry race the writers.</summary>
    [Fact]
    public void SetDeleteGetStorm_WithExpiryRacingWriters_CountersMatchContents()
    {
        var time = new FakeTimeProvider();
        using var store = new KeyStore(new StoreOptions { ShardCount = 4 }, time);
        var keys = Enumerable.Range(0, 64).Select(i => BitConverter.GetBytes(i)).ToArray();
        var writersLeft = 4;

        RunTogether(5, t =>
        {
            if (t == 0)
            {
                while (Volatile.Read(ref writersLeft) > 0)
                {
                    time.Advance(TimeSpan.FromMilliseconds(1));
                }

                return;
            }

            Storm(store, keys, new Random(t), 50_000);
            Interlocked.Decrement(ref writersLeft);
        });

        Assert.True(store.GetStats().ExpiredKeys > 0, "the clock thread should have expired some keys");
        Assertions.CountersMatchContents(store, keys);

        // Whatever still has a TTL expires, and the counters land on exactly the keys without one.
        var persistent = keys.Count(k => store.TimeToLiveMs(k) == -1);
        time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(0, store.ExpiryHeapCount);
        Assert.Equal(persistent, store.GetStats().Keys);
        Assertions.CountersMatchContents(store, keys);
    }

    /// <summary>An XX write racing a DEL either lands before it (and is deleted) or finds nothing: never revives the key.</summary>
    [Fact]
    public void IfPresentRacingDelete_NeverRevivesTheKey()
    {
        using var store = new KeyStore(time: new FakeTimeProvider());

        for (var round = 0; round < 300; round++)
        {
            store.Set("k"u8, "v"u8, SetOptions.Plain);
            var deleted = false;

            RunTogether(2, t =>
            {
                if (t == 0)
                {
                    deleted = store.Delete("k"u8);
                }
                else
                {
                    store.Set("k"u8, "x"u8, new SetOptions(SetCondition.IfPresent));
                }
            });

            Assert.True(deleted);
            Assert.False(store.Exists("k"u8));
            Assert.Equal(new StoreStats(0, 0, 0, 0), store.GetStats());
        }
    }

    private static void Storm(KeyStore store, byte[][] keys, Random random, int operations)
    {
        for (var n = 0; n < operations; n++)
        {
            var key = keys[random.Next(keys.Length)];
            switch (random.Next(10))
            {
                case 0:
                case 1:
                    store.Delete(key);
                    break;
                case 2:
                    store.GetBytes(key);
                    break;
                case 3:
                    store.Exists(key);
                    break;
                case 4:
                    store.TimeToLiveMs(key);
                    break;
                case 5:
                    store.GetAndUpdateExpiry(
                        key,
                        random.Next(2) == 0 ? GetExpiryChange.Persist : GetExpiryChange.ExpireAfter,
                        random.Next(1, 50),
                        out _);
                    break;
                default:
                    var options = new SetOptions(
                        (SetCondition)random.Next(3),
                        (ExpiryMode)random.Next(3),
                        random.Next(1, 50),
                        random.Next(2) == 0);
                    store.Set(key, new byte[random.Next(0, 100)], options);
                    break;
            }
        }
    }

    private static byte[] Value(int thread, int sequence)
    {
        var value = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(value, ((long)thread << 32) | (uint)sequence);
        return value;
    }

    /// <summary>Starts <paramref name="count"/> threads at once and waits for all of them, rethrowing the first failure.</summary>
    private static void RunTogether(int count, Action<int> body)
    {
        using var start = new Barrier(count);
        var failures = new Exception?[count];
        var threads = Enumerable.Range(0, count).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                body(t);
            }
            catch (Exception e)
            {
                failures[t] = e;
            }
        })
        { IsBackground = true }).ToArray();

        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            Assert.True(thread.Join(JoinTimeout), "a thread did not finish in time (deadlock?)");
        }

        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw new AggregateException(failure);
        }
    }
}
