using System.Collections.Concurrent;
using System.Diagnostics;

namespace MiniStore.LoadTest;

/// <summary>
/// One timed (or warm-up) pass of one test, shared by every connection: it hands out batches of sequence
/// numbers until the request budget or the deadline is used up, and gathers the counts and errors.
/// </summary>
internal sealed class LoadPhase
{
    private const int MaxErrorSamples = 5;

    private readonly long _budget;
    private readonly long _deadline;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly double _ticksPerRequest;
    private readonly ConcurrentQueue<string> _errorSamples = new();
    private long _claimed;
    private long _completed;
    private long _errors;
    private long _hits;
    private int _stopped;

    public LoadPhase(LoadTestKind kind, long budget, TimeSpan? duration, double? requestsPerSecond = null)
    {
        Kind = kind;
        _ticksPerRequest = requestsPerSecond is { } rate ? Stopwatch.Frequency / rate : 0;
        _budget = duration is null ? budget : long.MaxValue;
        _deadline = duration is { } d ? Stopwatch.GetTimestamp() + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
    }

    public LoadTestKind Kind { get; }

    public long Completed => Interlocked.Read(ref _completed);

    public long Errors => Interlocked.Read(ref _errors);

    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>True when a connection was lost: the whole run stops, as its figures would mean nothing.</summary>
    public bool ConnectionLost { get; private set; }

    public IReadOnlyList<string> ErrorSamples => [.. _errorSamples];

    /// <summary>Claims up to <paramref name="max"/> sequence numbers; 0 when the phase is over.</summary>
    public int Claim(int max, out long first)
    {
        first = 0;
        if (Volatile.Read(ref _stopped) != 0 || Stopwatch.GetTimestamp() >= _deadline)
        {
            return 0;
        }

        first = Interlocked.Add(ref _claimed, max) - max;
        return (int)Math.Clamp(_budget - first, 0, max);
    }

    /// <summary>How long to wait before sending request <paramref name="sequence"/>, so the pass keeps its rate; zero when unpaced or late.</summary>
    public TimeSpan DelayBefore(long sequence)
    {
        var due = _start + (long)(sequence * _ticksPerRequest);
        var wait = due - Stopwatch.GetTimestamp();
        return wait > 0 ? Stopwatch.GetElapsedTime(0, wait) : TimeSpan.Zero;
    }

    public void AddCompleted(int count, long hits)
    {
        Interlocked.Add(ref _completed, count);
        if (hits != 0)
        {
            Interlocked.Add(ref _hits, hits);
        }
    }

    public void AddError(string message)
    {
        if (Interlocked.Increment(ref _errors) <= MaxErrorSamples)
        {
            _errorSamples.Enqueue(message);
        }
    }

    public void AddErrorsFrom(LoadPhase? earlier)
    {
        if (earlier is null)
        {
            return;
        }

        foreach (var sample in earlier._errorSamples)
        {
            _errorSamples.Enqueue(sample);
        }

        Interlocked.Add(ref _errors, earlier.Errors);
    }

    public void StopForLostConnection(string message)
    {
        ConnectionLost = true;
        AddError(message);
        Volatile.Write(ref _stopped, 1);
    }
}
