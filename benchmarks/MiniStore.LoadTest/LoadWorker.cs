using System.Diagnostics;
using System.Text;
using HdrHistogram;
using MiniStore.Client;

namespace MiniStore.LoadTest;

/// <summary>
/// One connection's loop: claim a batch of up to P sequence numbers, send them all, then await and check each
/// reply in order, recording each one's latency from the batch's send (as redis-benchmark's -P does).
/// </summary>
internal sealed class LoadWorker
{
    private enum Operation : byte
    {
        Ping,
        Set,
        Get,
        GetEx,
        Del,
    }

    private readonly MiniStoreClient _client;
    private readonly LoadOptions _options;
    private readonly Keyspace _keyspace;
    private readonly Random _random;
    private readonly byte[] _key = new byte[Keyspace.KeyLength];
    private readonly byte[] _value;
    private readonly byte[] _expected;
    private readonly InFlight[] _inFlight;
    private readonly SetOptions _setOptions;
    private readonly Expiry _getExExpiry;

    public LoadWorker(MiniStoreClient client, LoadOptions options, Keyspace keyspace, int index)
    {
        _client = client;
        _options = options;
        _keyspace = keyspace;
        _random = new Random(options.Seed + index);
        _value = new byte[options.ValueSize];
        _expected = new byte[options.ValueSize];
        _inFlight = new InFlight[options.Pipeline];
        var expiry = options.TtlSeconds is { } ttl ? Expiry.InSeconds(ttl) : Expiry.None;
        _setOptions = SetOptions.WithExpiry(expiry);
        _getExExpiry = expiry;
    }

    /// <summary>Latencies in <see cref="Stopwatch"/> ticks.</summary>
    public LongHistogram Histogram { get; } = new(TimeStamp.Minutes(10), 3);

    public async Task RunAsync(LoadPhase phase)
    {
        while (true)
        {
            var count = phase.Claim(_options.Pipeline, out var first);
            if (count == 0)
            {
                return;
            }

            if (phase.DelayBefore(first) is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }

            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                _inFlight[i] = Issue(phase.Kind, first + i);
            }

            long hits = 0;
            for (var i = 0; i < count; i++)
            {
                var request = _inFlight[i];
                _inFlight[i] = default;
                string? error;
                try
                {
                    await request.Task.ConfigureAwait(false);
                    error = Check(request, ref hits);
                }
                catch (MiniStoreConnectionException ex)
                {
                    phase.StopForLostConnection(ex.Message);
                    return;
                }
                catch (MiniStoreException ex)
                {
                    error = $"{request.Operation} {Encoding.ASCII.GetString(KeyBytes(request.Key))}: {ex.Message}";
                }

                Histogram.RecordValue(Math.Min(Stopwatch.GetTimestamp() - started, Histogram.HighestTrackableValue));
                if (error is not null)
                {
                    phase.AddError(error);
                }
            }

            phase.AddCompleted(count, hits);
        }
    }

    private InFlight Issue(LoadTestKind kind, long sequence)
    {
        var key = _options.RandomKeys ? _random.NextInt64(_keyspace.Size) : sequence % _keyspace.Size;
        var operation = kind switch
        {
            LoadTestKind.Ping => Operation.Ping,
            LoadTestKind.Set => Operation.Set,
            LoadTestKind.Get => Operation.Get,
            LoadTestKind.GetEx => Operation.GetEx,
            LoadTestKind.Del => Operation.Del,
            _ => sequence % (_options.SetRatio + _options.GetRatio) < _options.SetRatio ? Operation.Set : Operation.Get,
        };

        // Whether a GET must find the value is decided now: a SET acknowledged before this request was sent has
        // been applied before it, one acknowledged later may not have been.
        var known = _keyspace.IsWritten(key);
        Keyspace.WriteKey(key, _key);
        Task task;
        switch (operation)
        {
            case Operation.Ping:
                task = _client.PingAsync();
                break;
            case Operation.Set:
                _keyspace.WriteValue(key, _value);
                task = _client.SetAsync(_key, _value, _setOptions);
                break;
            case Operation.Get:
                task = _client.GetAsync(_key);
                break;
            case Operation.GetEx:
                task = _client.GetExAsync(_key, _getExExpiry);
                break;
            default:
                task = _client.DelAsync(_key);
                break;
        }

        return new InFlight(task, operation, key, known);
    }

    /// <summary>Checks a completed request's reply; the error text, or null if it is right.</summary>
    private string? Check(in InFlight request, ref long hits)
    {
        switch (request.Operation)
        {
            case Operation.Ping:
                var pong = ((Task<string>)request.Task).Result;
                return pong == "PONG" ? null : $"PING answered '{pong}'";
            case Operation.Set:
                if (!((Task<bool>)request.Task).Result)
                {
                    return $"SET {Describe(request.Key)} was not applied";
                }

                _keyspace.MarkWritten(request.Key);
                return null;
            case Operation.Get or Operation.GetEx:
                return CheckValue(request, ((Task<byte[]?>)request.Task).Result, ref hits);
            default:
                var removed = ((Task<long>)request.Task).Result;
                if (removed == 1)
                {
                    _keyspace.MarkDeleted(request.Key);
                }

                return removed is 0 or 1 ? null : $"DEL {Describe(request.Key)} answered {removed}";
        }
    }

    private string? CheckValue(in InFlight request, byte[]? value, ref long hits)
    {
        if (value is null)
        {
            // With a TTL a written key may have expired by now.
            return request.KnownWritten && _options.TtlSeconds is null ? $"{request.Operation} {Describe(request.Key)}: nil for a key this run wrote" : null;
        }

        hits++;
        if (!request.KnownWritten)
        {
            return null;
        }

        _keyspace.WriteValue(request.Key, _expected);
        return value.AsSpan().SequenceEqual(_expected)
            ? null
            : $"{request.Operation} {Describe(request.Key)}: got {value.Length} bytes '{Encoding.ASCII.GetString(value.AsSpan(0, Math.Min(value.Length, 32)))}', not the value written";
    }

    private static string Describe(long key) => Encoding.ASCII.GetString(KeyBytes(key));

    private static byte[] KeyBytes(long key)
    {
        var bytes = new byte[Keyspace.KeyLength];
        Keyspace.WriteKey(key, bytes);
        return bytes;
    }

    private readonly record struct InFlight(Task Task, Operation Operation, long Key, bool KnownWritten);
}
