using System.Text;
using MiniStore.Core;
using MiniStore.Persistence;

namespace MiniStore.Fuzz.Targets;

/// <summary>
/// The RDB loader over an untrusted file (a dump.rdb copied from anywhere). Invariants: a file is either loaded or
/// refused with <see cref="RdbFormatException"/> (any other exception, a hang or an allocation the file's length does
/// not justify is a finding); and what was loaded, saved by MiniStore and loaded again is the same keys, values and
/// deadlines, while saving that again gives the same content (decode → encode → decode is stable). Time is frozen so
/// that keys near their deadline cannot expire between the loads.
/// </summary>
public static class RdbTarget
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    public static void Run(ReadOnlySpan<byte> input)
    {
        var file = input.ToArray();
        // A mutated file almost never keeps a matching CRC, and a mismatch is only found after every key has been read.
        // Zeroing it (a file "without a checksum", as Redis's rdbchecksum no writes) lets mutated files load, so the
        // round trip below is checked on them too; the refusal of a wrong checksum has its own tests.
        if (file.Length >= 9 && file[^9] == 0xFF)
        {
            file.AsSpan(file.Length - 8).Clear();
        }

        var first = LoadAndDescribe(file, out var saved);
        if (first is null)
        {
            return;
        }

        var second = LoadAndDescribe(saved, out var savedAgain)
            ?? throw new InvariantViolationException("a file MiniStore saved was refused by MiniStore");
        InvariantViolationException.Check(first == second, $"loaded:\n{first}\nsaved and loaded again:\n{second}");
        var third = LoadAndDescribe(savedAgain, out _);
        InvariantViolationException.Check(second == third, $"saved twice, the content changed:\n{second}\n--\n{third}");
    }

    // The store's content after loading the file, described canonically; null when the file is refused.
    private static string? LoadAndDescribe(byte[] file, out byte[] saved)
    {
        saved = [];
        using var store = new KeyStore(new StoreOptions(), new FrozenTime());
        RdbLoadResult result;
        try
        {
            result = RdbLoader.Load(store, new MemoryStream(file, writable: false));
        }
        catch (RdbFormatException)
        {
            return null;
        }

        if (result.Corruption is not null)
        {
            return null;
        }

        using var output = new MemoryStream();
        RdbSnapshot.Write(store, output, compress: true, CancellationToken.None, out _);
        saved = output.ToArray();
        return Describe(store);
    }

    private static string Describe(KeyStore store)
    {
        var text = new StringBuilder();
        foreach (var stored in store.Snapshot().OrderBy(s => Convert.ToHexString(s.Key), StringComparer.Ordinal))
        {
            text.Append(Convert.ToHexString(stored.Key)).Append(" @").Append(stored.DeadlineMs).Append(' ');
            text.AppendLine(stored.Value switch
            {
                null => "string " + Convert.ToHexString(stored.Text.Span),
                KeyValuePair<byte[], byte[]>[] hash => "hash " + string.Join(",", hash.Select(p => $"{Convert.ToHexString(p.Key)}={Convert.ToHexString(p.Value)}").Order(StringComparer.Ordinal)),
                byte[][] list => "list " + string.Join(",", list.Select(Convert.ToHexString)),
                StoredSet set => "set " + string.Join(",", set.Members.Select(Convert.ToHexString).Order(StringComparer.Ordinal)),
                KeyValuePair<byte[], double>[] zset => "zset " + string.Join(",", zset.Select(p => $"{Convert.ToHexString(p.Key)}={BitConverter.DoubleToInt64Bits(p.Value):x}")),
                var other => throw new InvariantViolationException($"a snapshot value of an unknown shape: {other.GetType()}"),
            });
        }

        return text.ToString();
    }

    /// <summary>A clock that never moves: deadlines convert the same way at every load and save.</summary>
    private sealed class FrozenTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;

        public override long GetTimestamp() => 1_000_000_000;
    }
}
