using System.Diagnostics;
using MiniStore.Core;

namespace MiniStore.Persistence;

/// <summary>Where and when to save: the directory, the file name, and the save points (none: never on its own).</summary>
public sealed record PersistenceSettings(string Directory, string FileName, IReadOnlyList<SaveRule> Rules)
{
    public const string DefaultFileName = "dump.rdb";

    public string FilePath => Path.Combine(Directory, FileName);
}

/// <summary>How a save ended: null <see cref="Error"/> on success.</summary>
public sealed record SaveOutcome(RdbSaveResult? Result, string? Error, bool Background);

/// <summary>
/// SAVE, BGSAVE, LASTSAVE and the save points, over one store and one file. One save runs at a time. SAVE waits for
/// its save and BGSAVE does not, but both write on a thread of their own while every connection goes on being served:
/// .NET has no fork, so the file is not an image of one instant but each key as it was at one instant during the save
/// (see <see cref="KeyStore.Snapshot"/>). The save points are checked once a second, as Redis's cron does: a
/// background save starts when some point's change count is reached and more than its seconds have passed since the
/// last successful save; after a failed one, not again for 5 seconds.
/// </summary>
public sealed class SnapshotService : IDisposable
{
    /// <summary>After a failed background save, the save points wait this long before trying again (Redis's CONFIG_BGSAVE_RETRY_DELAY).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly KeyStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly ITimer _cron;
    private readonly CancellationTokenSource _stopping = new();
    private PersistenceSettings _settings;
    private Task<SaveOutcome>? _running;
    private bool _scheduled;
    private long _changesAtLastSave;
    private long _changesAtSaveStart;
    private long _lastSaveUnixSeconds;
    private long _lastAttemptUnixSeconds;
    private long _runningSinceUnixSeconds = -1;
    private long _lastBackgroundSeconds = -1;
    private bool _lastBackgroundOk = true;
    private long _saves;
    private long _keysProcessed;
    private long _keysTotal;
    private bool _disposed;
    private bool _runningInBackground;

    public SnapshotService(KeyStore store, PersistenceSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        _settings = settings;
        _lastSaveUnixSeconds = time.GetUtcNow().ToUnixTimeSeconds();
        _lastAttemptUnixSeconds = _lastSaveUnixSeconds;
        _changesAtLastSave = store.ChangeCount;
        _cron = time.CreateTimer(_ => CheckSavePoints(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Told of each save that ends (success or failure), for the log.</summary>
    public event Action<SaveOutcome>? Saved;

    public PersistenceSettings Settings
    {
        get { lock (_gate) { return _settings; } }
        set { lock (_gate) { _settings = value ?? throw new ArgumentNullException(nameof(value)); } }
    }

    /// <summary>Writes since the last successful save (INFO rdb_changes_since_last_save).</summary>
    public long ChangesSinceLastSave => Math.Max(0, _store.ChangeCount - Volatile.Read(ref _changesAtLastSave));

    /// <summary>Unix seconds of the last successful save, or of the start (LASTSAVE).</summary>
    public long LastSaveUnixSeconds => Volatile.Read(ref _lastSaveUnixSeconds);

    public bool BackgroundSaveInProgress
    {
        get { lock (_gate) { return _running is not null; } }
    }

    public bool LastBackgroundSaveOk => Volatile.Read(ref _lastBackgroundOk);

    /// <summary>Seconds the last background save took; -1 before the first.</summary>
    public long LastBackgroundSaveSeconds => Volatile.Read(ref _lastBackgroundSeconds);

    /// <summary>Seconds the running save has taken so far; -1 when none runs.</summary>
    public long CurrentSaveSeconds
    {
        get
        {
            var since = Volatile.Read(ref _runningSinceUnixSeconds);
            return since < 0 ? -1 : _time.GetUtcNow().ToUnixTimeSeconds() - since;
        }
    }

    /// <summary>Successful saves since start (INFO rdb_saves).</summary>
    public long Saves => Volatile.Read(ref _saves);

    public long CurrentSaveKeysProcessed => Volatile.Read(ref _keysProcessed);

    public long CurrentSaveKeysTotal => Volatile.Read(ref _keysTotal);

    /// <summary>The load at start, if a file was loaded.</summary>
    public RdbLoadResult? LastLoad { get; private set; }

    /// <summary>
    /// Records the load of the file at start: what was read is what the file already holds, so it is not a change to
    /// save (Redis reports rdb_changes_since_last_save 0 after a load), and a save point does not rewrite it at once.
    /// </summary>
    public void LoadedFromFile(RdbLoadResult result)
    {
        LastLoad = result;
        Volatile.Write(ref _changesAtLastSave, _store.ChangeCount);
    }

    /// <summary>SAVE: saves now and completes when the file is in place; fails at once if a save is already running.</summary>
    public Task<SaveOutcome> SaveAsync()
    {
        lock (_gate)
        {
            if (_running is not null)
            {
                return Task.FromResult(new SaveOutcome(null, "ERR Background save already in progress", Background: false));
            }

            return Start(background: false);
        }
    }

    /// <summary>
    /// BGSAVE: starts a save and returns at once. With <paramref name="schedule"/> and a save already running, the save
    /// starts when that one ends (BGSAVE SCHEDULE). False, with Redis's error text, if a save is running already.
    /// </summary>
    public bool TryStartBackgroundSave(bool schedule, out bool scheduled, out string? error)
    {
        scheduled = false;
        error = null;
        lock (_gate)
        {
            if (_running is not null)
            {
                if (schedule)
                {
                    _scheduled = true;
                    scheduled = true;
                    return true;
                }

                error = "ERR Background save already in progress";
                return false;
            }

            _ = Start(background: true);
            return true;
        }
    }

    /// <summary>The save running now, if any (tests and shutdown wait for it).</summary>
    public Task<SaveOutcome>? Running
    {
        get { lock (_gate) { return _running; } }
    }

    /// <summary>
    /// For a graceful shutdown: stops a running background save (its temporary file is removed, the old file stays), and
    /// with save points configured saves once more in the foreground so that the file has every write, as Redis does.
    /// Returns null when no save points are configured (a cache: nothing more to do).
    /// </summary>
    public SaveOutcome? SaveOnShutdown()
    {
        Dispose();
        if (Settings.Rules.Count == 0)
        {
            return null;
        }

        // A SAVE a client started is left to finish; then ours.
        Running?.Wait();

        return SaveAsync().GetAwaiter().GetResult();
    }

    /// <summary>One tick of the save points (a timer calls it every second; tests may call it directly).</summary>
    public void CheckSavePoints()
    {
        lock (_gate)
        {
            if (_disposed || _running is not null)
            {
                return;
            }

            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            if (!_lastBackgroundOk && now - _lastAttemptUnixSeconds <= (long)RetryDelay.TotalSeconds)
            {
                return;
            }

            var changes = ChangesSinceLastSave;
            foreach (var rule in _settings.Rules)
            {
                if (changes >= rule.Changes && now - _lastSaveUnixSeconds > rule.Seconds)
                {
                    _ = Start(background: true);
                    return;
                }
            }
        }
    }

    /// <summary>Stops the save points and any running background save, and waits for it to be gone.</summary>
    public void Dispose()
    {
        Task<SaveOutcome>? running;
        lock (_gate)
        {
            _disposed = true;
            running = _running is not null && _runningInBackground ? _running : null;
        }

        _cron.Dispose();
        _stopping.Cancel();
        running?.Wait();
    }

    /// <summary>Starts a save on a thread of its own; called with the gate held and no save running.</summary>
    private Task<SaveOutcome> Start(bool background)
    {
        var path = _settings.FilePath;
        _changesAtSaveStart = _store.ChangeCount;
        _lastAttemptUnixSeconds = _time.GetUtcNow().ToUnixTimeSeconds();
        Volatile.Write(ref _runningSinceUnixSeconds, _lastAttemptUnixSeconds);
        Volatile.Write(ref _keysProcessed, 0);
        Volatile.Write(ref _keysTotal, _store.PeekStats().Keys);
        var task = Task.Factory.StartNew(() => Run(path, background), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _running = task;
        _runningInBackground = background;
        return task;
    }

    private SaveOutcome Run(string path, bool background)
    {
        var started = Stopwatch.GetTimestamp();
        SaveOutcome outcome;
        try
        {
            // Only a background save is stopped by shutdown; a SAVE (the shutdown's own included) runs to the end.
            var result = RdbSnapshot.Save(_store, path, progress: keys => Volatile.Write(ref _keysProcessed, keys), cancellationToken: background ? _stopping.Token : CancellationToken.None);
            outcome = new SaveOutcome(result, null, background);
        }
        catch (OperationCanceledException)
        {
            outcome = new SaveOutcome(null, "ERR the background save was stopped by shutdown", background);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            outcome = new SaveOutcome(null, $"ERR {ex.Message}", background);
        }

        var scheduleNext = false;
        lock (_gate)
        {
            _running = null;
            Volatile.Write(ref _runningSinceUnixSeconds, -1);
            if (outcome.Error is null)
            {
                // Writes made during the save may or may not be in the file, so they still count as unsaved (as in Redis).
                Volatile.Write(ref _changesAtLastSave, _changesAtSaveStart);
                Volatile.Write(ref _lastSaveUnixSeconds, _time.GetUtcNow().ToUnixTimeSeconds());
                Interlocked.Increment(ref _saves);
            }

            if (background)
            {
                Volatile.Write(ref _lastBackgroundOk, outcome.Error is null);
                Volatile.Write(ref _lastBackgroundSeconds, (long)Stopwatch.GetElapsedTime(started).TotalSeconds);
            }

            if (_scheduled && !_disposed)
            {
                _scheduled = false;
                scheduleNext = true;
            }

            if (scheduleNext)
            {
                _ = Start(background: true);
            }
        }

        Saved?.Invoke(outcome);
        return outcome;
    }
}
