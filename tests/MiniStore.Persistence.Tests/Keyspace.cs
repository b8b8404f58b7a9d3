using System.Globalization;
using MiniStore.Core;
using StackExchange.Redis;

namespace MiniStore.Persistence.Tests;

/// <summary>
/// A keyspace in a form two stores can be compared by: key (hex) → type and contents as text (bytes in hex, hashes and
/// sets sorted, lists and sorted sets in order, scores round-trip exact), and each key's expiry as absolute Unix
/// milliseconds (-1: none), so that the time two servers take to be read does not count.
/// </summary>
internal sealed record Keyspace(SortedDictionary<string, string> Values, Dictionary<string, long> TtlMs)
{
    public static Keyspace Of(KeyStore store)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var ttls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var stored in store.Snapshot())
        {
            var key = Convert.ToHexString(stored.Key);
            values[key] = Describe(stored);
            ttls[key] = stored.HasDeadline ? store.UnixMsOf(stored.DeadlineMs) : -1;
        }

        return new Keyspace(values, ttls);
    }

    public static async Task<Keyspace> OfAsync(IDatabase db, IServer server)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var ttls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var redisKey in server.Keys(db.Database, "*", pageSize: 1000))
        {
            var key = Convert.ToHexString((byte[])redisKey!);
            var type = await db.KeyTypeAsync(redisKey);
            values[key] = type switch
            {
                RedisType.String => "string:" + Hex((byte[])(await db.StringGetAsync(redisKey))!),
                RedisType.Hash => Hash((await db.HashGetAllAsync(redisKey)).Select(e => KeyValuePair.Create((byte[])e.Name!, (byte[])e.Value!))),
                RedisType.List => List((await db.ListRangeAsync(redisKey)).Select(v => (byte[])v!)),
                RedisType.Set => Set((await db.SetMembersAsync(redisKey)).Select(v => (byte[])v!)),
                RedisType.SortedSet => Zset((await db.SortedSetRangeByRankWithScoresAsync(redisKey)).Select(e => KeyValuePair.Create((byte[])e.Element!, e.Score))),
                _ => "other:" + type,
            };
            ttls[key] = (long)await db.ExecuteAsync("PEXPIRETIME", redisKey);
        }

        return new Keyspace(values, ttls);
    }

    /// <summary>Asserts the same keys and values, and expiry times within <paramref name="ttlToleranceMs"/>.</summary>
    public void AssertSame(Keyspace other, long ttlToleranceMs = 1000)
    {
        Assert.Equal(Values.Count, other.Values.Count);
        foreach (var (key, value) in Values)
        {
            Assert.True(other.Values.TryGetValue(key, out var otherValue), $"key {key} is missing");
            Assert.True(value == otherValue, $"key {key}: {Shorten(value)} vs {Shorten(otherValue)}");
            var ttl = TtlMs[key];
            var otherTtl = other.TtlMs[key];
            Assert.True(ttl == -1 ? otherTtl == -1 : Math.Abs(ttl - otherTtl) <= ttlToleranceMs, $"key {key}: expires at {ttl} vs {otherTtl}");
        }
    }

    /// <summary>A key's value as <see cref="KeyStore.Snapshot"/> gave it: a string's bytes, or a collection's frozen form.</summary>
    public static string Describe(StoredKey stored) => stored.Value is { } value ? Describe(value) : "string:" + Hex(stored.Text.ToArray());

    public static string Describe(object value) => value switch
    {
        byte[] text => "string:" + Hex(text),
        KeyValuePair<byte[], byte[]>[] fields => Hash(fields),
        byte[][] items => List(items),
        StoredSet set => Set(set.Members),
        KeyValuePair<byte[], double>[] scored => Zset(scored),
        _ => throw new ArgumentException(value.GetType().Name),
    };

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    private static string Hash(IEnumerable<KeyValuePair<byte[], byte[]>> fields) =>
        "hash:" + string.Join(',', fields.Select(f => Hex(f.Key) + "=" + Hex(f.Value)).Order(StringComparer.Ordinal));

    private static string List(IEnumerable<byte[]> items) => "list:" + string.Join(',', items.Select(Hex));

    private static string Set(IEnumerable<byte[]> members) => "set:" + string.Join(',', members.Select(Hex).Order(StringComparer.Ordinal));

    private static string Zset(IEnumerable<KeyValuePair<byte[], double>> scored) =>
        "zset:" + string.Join(',', scored.Select(e => Hex(e.Key) + "@" + e.Value.ToString("R", CultureInfo.InvariantCulture)));

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
