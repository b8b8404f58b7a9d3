using CsCheck;
using Microsoft.Extensions.Time.Testing;
using MiniStore.Core;

namespace MiniStore.Persistence.Tests;

/// <summary>Write → read round trips of random typed datasets: what comes back is what went in.</summary>
public sealed class RoundTripTests
{
    private static readonly Gen<byte[]> Element = Gen.OneOf(
        Gen.Byte.Array[0, 40],
        Gen.Long.Select(n => System.Text.Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Gen.Int[-5000, 5000].Select(n => System.Text.Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Gen.Byte[(byte)'a', (byte)'c'].Array[20, 3000]);

    private static readonly Gen<double> Score = Gen.OneOf(
        Gen.Double.Where(d => !double.IsNaN(d)),
        Gen.Int.Select(i => (double)i),
        Gen.Const(double.PositiveInfinity),
        Gen.Const(double.NegativeInfinity));

    private static readonly Gen<object> Value = Gen.OneOf<object>(
        Element.Select(e => (object)e),
        Gen.Select(Element, Element).Array[1, 60].Select(pairs => (object)Build(new HashValue(), pairs, (h, p) => h.Set(p.Item1, p.Item2))),
        Element.Array[1, 300].Select(items => (object)Build(new ListValue(), items, (l, e) => l.PushBack(e))),
        Element.Array[1, 60].Select(items => (object)Build(new SetValue(), items, (s, e) => s.Add(e))),
        Gen.Select(Element, Score).Array[1, 60].Select(pairs => (object)Build(new SortedSetValue(), pairs, (z, p) => z.Set(p.Item1, p.Item2))));

    private static readonly Gen<(byte[] Key, object Value, long? TtlMs)[]> Dataset =
        Gen.Select(Gen.Byte.Array[0, 20], Value, Gen.Long[1, 100_000_000_000].Nullable()).Array[0, 40];

    [Fact]
    public void RandomDatasets_WriteThenRead_GiveTheSameKeysValuesAndDeadlines()
    {
        Dataset.Sample(dataset =>
        {
            var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55));
            using var source = new KeyStore(time: time);
            foreach (var (key, value, ttl) in dataset)
            {
                Assert.True(source.TryLoad(key, value, ttl is { } ms && source.TryDeadlineAfter(ms, out var deadline) ? deadline : KeyStore.NoDeadline));
            }

            using var file = new MemoryStream();
            RdbSnapshot.Write(source, file, compress: dataset.Length % 2 == 0, CancellationToken.None, out _);
            file.Position = 0;
            using var target = new KeyStore(time: time);
            var result = RdbLoader.Load(target, file);
            Assert.Equal(source.Count(), result.KeysLoaded);

            // Same clock on both sides, so deadlines match exactly.
            Keyspace.Of(source).AssertSame(Keyspace.Of(target), ttlToleranceMs: 0);
        }, iter: 100);
    }

    private static T Build<T, TItem>(T collection, TItem[] items, Action<T, TItem> add)
    {
        foreach (var item in items)
        {
            add(collection, item);
        }

        return collection;
    }
}
