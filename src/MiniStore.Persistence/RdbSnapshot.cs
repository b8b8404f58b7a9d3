using System.Diagnostics;
using System.Globalization;
using MiniStore.Core;

namespace MiniStore.Persistence;

/// <summary>What a save wrote.</summary>
public sealed record RdbSaveResult(long Keys, long Bytes, TimeSpan Elapsed);

/// <summary>
/// Saves the store as an RDB file: the keys are streamed from <see cref="KeyStore.Snapshot"/> straight into the file
/// (nothing is built in memory but one key at a time), and the file replaces the old one atomically
/// (<see cref="AtomicFile"/>). Serving goes on meanwhile: each key is saved as it was at one instant during the save,
/// different keys at different instants (.NET cannot fork for a copy-on-write image of the whole store as Redis does).
/// </summary>
public static class RdbSnapshot
{
    /// <summary>The Redis version the AUX field names: the one whose semantics and file format we follow.</summary>
    public const string RedisVersion = "7.0.0";

    /// <summary>Saves the store to <paramref name="path"/> atomically; <paramref name="progress"/> hears the keys written so far, every 1024 keys.</summary>
    public static RdbSaveResult Save(KeyStore store, string path, bool compress = true, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var started = Stopwatch.GetTimestamp();
        long keys = 0;
        long bytes = 0;
        AtomicFile.Replace(path, stream =>
        {
            keys = Write(store, stream, compress, cancellationToken, out bytes, progress);
        });
        return new RdbSaveResult(keys, bytes, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Writes the whole store to <paramref name="stream"/> as one RDB file; returns the keys written.</summary>
    public static long Write(KeyStore store, Stream stream, bool compress, CancellationToken cancellationToken, out long bytes, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var writer = new RdbWriter(stream, compress);
        var stats = store.PeekStats();
        var nowUnix = store.UnixMsOf(store.NowMs);
        writer.WriteHeader(
        [
            new("redis-ver", RedisVersion),
            new("redis-bits", (IntPtr.Size * 8).ToString(CultureInfo.InvariantCulture)),
            new("ctime", (nowUnix / 1000).ToString(CultureInfo.InvariantCulture)),
            new("used-mem", stats.UsedBytes.ToString(CultureInfo.InvariantCulture)),
            new("aof-base", "0"),
        ]);
        writer.BeginDatabase(0, stats.Keys, stats.KeysWithExpiry);
        long keys = 0;
        foreach (var stored in store.Snapshot())
        {
            if ((keys & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(keys);
            }

            // A deadline in the past still counts: the key was live when the snapshot read it; a loader drops it.
            long? expire = stored.HasDeadline ? store.UnixMsOf(stored.DeadlineMs) : null;
            if (stored.Value is { } value)
            {
                writer.WriteKey(stored.Key, value, expire);
            }
            else
            {
                writer.WriteStringKey(stored.Key, stored.Text.Span, expire);
            }
            keys++;
        }

        writer.Finish();
        bytes = writer.Position;
        return keys;
    }
}
