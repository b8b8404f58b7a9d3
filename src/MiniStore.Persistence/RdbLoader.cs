using System.Diagnostics;
using MiniStore.Core;

namespace MiniStore.Persistence;

/// <summary>What loading a file did.</summary>
/// <param name="KeysLoaded">Keys put in the store.</param>
/// <param name="ExpiredKeys">Keys whose expiry had passed: dropped, as Redis does.</param>
/// <param name="OtherDatabaseKeys">Keys of databases other than 0 (MiniStore has one database): skipped.</param>
/// <param name="Skipped">Keys and data of kinds MiniStore does not have, by kind: skipped.</param>
/// <param name="Corruption">The corruption found, when the load was told to keep what it read up to it; else null.</param>
/// <param name="OutOfMemory">The memory cap with noeviction stopped the load (the keys loaded so far stay).</param>
/// <param name="Bytes">The file's size.</param>
/// <param name="Elapsed">How long the load took.</param>
public sealed record RdbLoadResult(
    long KeysLoaded,
    long ExpiredKeys,
    long OtherDatabaseKeys,
    IReadOnlyDictionary<string, long> Skipped,
    RdbFormatException? Corruption,
    bool OutOfMemory,
    long Bytes,
    TimeSpan Elapsed);

/// <summary>Loads an RDB file into the store: expired keys dropped, the memory cap respected, corruption reported by offset.</summary>
public static class RdbLoader
{
    /// <summary>Progress is reported after about this many bytes.</summary>
    public const long ProgressIntervalBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Loads <paramref name="path"/>. A corrupt or truncated file throws <see cref="RdbFormatException"/>, unless
    /// <paramref name="keepOnCorruption"/>: then the keys read before the corruption stay and the result names it.
    /// <paramref name="progress"/> hears (bytes read, file size, keys loaded) every <see cref="ProgressIntervalBytes"/>.
    /// </summary>
    public static RdbLoadResult Load(KeyStore store, string path, bool keepOnCorruption = false, Action<long, long, long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        return Load(store, file, keepOnCorruption, progress);
    }

    public static RdbLoadResult Load(KeyStore store, Stream stream, bool keepOnCorruption = false, Action<long, long, long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(stream);
        var started = Stopwatch.GetTimestamp();
        var length = stream.CanSeek ? stream.Length : -1;
        var reader = new RdbReader(stream, length);
        long loaded = 0, expired = 0, otherDatabases = 0;
        var nextProgress = ProgressIntervalBytes;
        RdbFormatException? corruption = null;
        var outOfMemory = false;
        try
        {
            // The wall clock is read once: a key is expired if its time had passed when the load began.
            var nowUnix = store.UnixMsOf(store.NowMs);
            foreach (var entry in reader.ReadEntries())
            {
                if (entry.Database != 0)
                {
                    otherDatabases++;
                    continue;
                }

                if (entry.ExpireUnixMs is { } expire && expire <= nowUnix)
                {
                    expired++;
                    continue;
                }

                var deadline = entry.ExpireUnixMs is { } unixMs ? store.DeadlineAt(unixMs) : KeyStore.NoDeadline;
                if (!store.TryLoad(entry.Key, entry.Value, deadline))
                {
                    outOfMemory = true;
                    break;
                }

                loaded++;
                if (progress is not null && reader.Offset >= nextProgress)
                {
                    progress(reader.Offset, length, loaded);
                    nextProgress = reader.Offset + ProgressIntervalBytes;
                }
            }
        }
        catch (RdbFormatException ex) when (keepOnCorruption)
        {
            corruption = ex;
        }
        catch (Exception ex) when (ex is NullReferenceException or IndexOutOfRangeException or ArgumentException or InvalidCastException or OverflowException or InvalidOperationException)
        {
            // A value the decoders let through inconsistent (found by the rdb fuzz target): refused like any corrupt file.
            var refused = new RdbFormatException(reader.Offset, "inconsistent value", ex);
            if (!keepOnCorruption)
            {
                throw refused;
            }

            corruption = refused;
        }

        return new RdbLoadResult(
            loaded,
            expired,
            otherDatabases,
            new Dictionary<string, long>(reader.SkippedKeys),
            corruption,
            outOfMemory,
            length,
            Stopwatch.GetElapsedTime(started));
    }
}
