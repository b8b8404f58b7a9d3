using System.Globalization;
using Microsoft.Extensions.Logging;
using MiniStore.Core;
using MiniStore.Persistence;

namespace MiniStore.Server.Hosting;

/// <summary>The start could not load the RDB file; the message is the one line the operator sees.</summary>
public sealed class PersistenceStartException : Exception
{
    public PersistenceStartException()
    {
    }

    public PersistenceStartException(string message)
        : base(message)
    {
    }

    public PersistenceStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Persistence at the host's edges: the RDB file is loaded before the server accepts a connection, saves are logged,
/// and a graceful shutdown saves once more when save points are configured.
/// </summary>
internal static partial class PersistenceStartup
{
    /// <summary>Files larger than this get progress lines while they load.</summary>
    private const long ProgressLogBytes = 64L * 1024 * 1024;

    /// <summary>Loads the file if there is one. Throws <see cref="PersistenceStartException"/> when the server must not start.</summary>
    public static void Load(KeyStore store, SnapshotService snapshots, ServerSettings settings, ILogger logger)
    {
        var path = Path.GetFullPath(snapshots.Settings.FilePath);
        if (!File.Exists(path))
        {
            return;
        }

        var size = new FileInfo(path).Length;
        LogLoading(logger, path, size);
        RdbLoadResult result;
        try
        {
            result = RdbLoader.Load(store, path, settings.SkipCorruptRdb, size < ProgressLogBytes ? null : (read, total, keys) =>
                LogProgress(logger, read / (1024 * 1024), total / (1024 * 1024), total > 0 ? read * 100 / total : 0, keys));
        }
        catch (RdbFormatException ex)
        {
            throw new PersistenceStartException(
                $"cannot load '{path}': {ex.Message}; start with --rdb-load-corrupt skip to start with the keys before the damage, or move the file away",
                ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PersistenceStartException($"cannot read '{path}': {ex.Message}", ex);
        }

        if (result.Corruption is { } corruption)
        {
            LogCorruptKept(logger, path, corruption.Message, result.KeysLoaded);
        }

        if (result.OutOfMemory)
        {
            throw new PersistenceStartException(
                $"cannot load '{path}': the data does not fit in --maxmemory {store.MaxMemoryBytes} with policy noeviction ({result.KeysLoaded} keys loaded when the cap was reached)");
        }

        foreach (var (kind, count) in result.Skipped)
        {
            LogSkipped(logger, count, kind);
        }

        if (result.OtherDatabaseKeys > 0)
        {
            LogOtherDatabases(logger, result.OtherDatabaseKeys);
        }

        snapshots.LoadedFromFile(result);
        var seconds = result.Elapsed.TotalSeconds;
        LogLoaded(logger, result.KeysLoaded, result.ExpiredKeys, seconds.ToString("F3", CultureInfo.InvariantCulture),
            (seconds > 0 ? result.Bytes / (1024.0 * 1024) / seconds : 0).ToString("F1", CultureInfo.InvariantCulture));
    }

    public static void LogOutcome(ILogger logger, SaveOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            LogSaveFailed(logger, outcome.Background ? "Background save" : "Save", error);
        }
        else if (outcome.Result is { } result)
        {
            LogSaved(logger, outcome.Background ? "Background save" : "Save", result.Keys, result.Bytes, result.Elapsed.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture));
        }
    }

    [LoggerMessage(40, LogLevel.Information, "Loading RDB file {Path} ({Bytes} bytes)")]
    private static partial void LogLoading(ILogger logger, string path, long bytes);

    [LoggerMessage(41, LogLevel.Information, "Loading: {ReadMb} of {TotalMb} MB ({Percent}%), {Keys} keys so far")]
    private static partial void LogProgress(ILogger logger, long readMb, long totalMb, long percent, long keys);

    [LoggerMessage(42, LogLevel.Information, "Loaded {Keys} keys ({Expired} already expired, dropped) in {Seconds} s, {MbPerSecond} MB/s")]
    private static partial void LogLoaded(ILogger logger, long keys, long expired, string seconds, string mbPerSecond);

    [LoggerMessage(43, LogLevel.Warning, "Skipped {Count} {Kind}(s) in the RDB file: MiniStore has no such type")]
    private static partial void LogSkipped(ILogger logger, long count, string kind);

    [LoggerMessage(44, LogLevel.Warning, "Skipped {Count} key(s) of databases other than 0 in the RDB file: MiniStore has one database")]
    private static partial void LogOtherDatabases(ILogger logger, long count);

    [LoggerMessage(45, LogLevel.Warning, "RDB file {Path} is damaged ({Problem}); starting with the {Keys} keys read before it (--rdb-load-corrupt skip)")]
    private static partial void LogCorruptKept(ILogger logger, string path, string problem, long keys);

    [LoggerMessage(46, LogLevel.Information, "{Kind} done: {Keys} keys, {Bytes} bytes in {Seconds} s")]
    private static partial void LogSaved(ILogger logger, string kind, long keys, long bytes, string seconds);

    [LoggerMessage(47, LogLevel.Error, "{Kind} failed: {Error}")]
    private static partial void LogSaveFailed(ILogger logger, string kind, string error);
}
