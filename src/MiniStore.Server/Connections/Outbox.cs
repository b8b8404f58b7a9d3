using System.Buffers;
using System.IO.Pipelines;

namespace MiniStore.Server.Connections;

/// <summary>
/// Bytes for a connection written by someone other than its own read loop (MONITOR today; pub/sub and blocking
/// commands later). Any thread may append; only the connection's loop drains, between batches, so the connection's
/// <see cref="PipeWriter"/> keeps a single writer. Appending wakes the loop with <see cref="PipeReader.CancelPendingRead"/>
/// from the thread pool, never inline: with inline socket scheduling the waker would otherwise run the other
/// connection's loop on its own thread. Past <see cref="LimitBytes"/> of undrained bytes the connection is a reader
/// that cannot keep up: the append fails and the owner closes the connection, so a slow reader never makes the
/// server hold more than the limit for it nor slows whoever appends. A soft limit (Redis's pub/sub client-output-buffer
/// soft limit) does the same to a reader whose undrained bytes stay above it, appended after appended, for a while:
/// the loop drains at every turn it gets, so bytes left undrained that long mean the client is not reading.
/// </summary>
internal sealed class Outbox(PipeReader input, long limitBytes, OutboxSoftLimit? softLimit = null)
{
    private readonly Lock _gate = new();
    private ArrayBufferWriter<byte> _pending = new(4096);
    private ArrayBufferWriter<byte> _draining = new(4096);
    private long _pendingBytes;
    private bool _overflowed;

    // When the undrained bytes last rose above the soft limit (a TimeProvider timestamp); 0 while below it.
    private long _overSoftSince;

    public long LimitBytes { get; } = limitBytes;

    /// <summary>Undrained bytes; a racy read is fine (it only decides whether to take the lock).</summary>
    public bool HasPending => Volatile.Read(ref _pendingBytes) > 0;

    public bool Overflowed => Volatile.Read(ref _overflowed);

    /// <summary>Appends the concatenation of the parts; false once the connection is over its limit.</summary>
    public bool TryAppend(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third)
    {
        bool wake;
        lock (_gate)
        {
            if (_overflowed)
            {
                return false;
            }

            var size = first.Length + second.Length + third.Length;
            if (_pendingBytes + size > LimitBytes || OverSoftLimitTooLong(_pendingBytes + size))
            {
                _overflowed = true;
                _pending.Clear();
                _pendingBytes = 0;
                wake = true;
            }
            else
            {
                _pending.Write(first);
                _pending.Write(second);
                _pending.Write(third);
                wake = _pendingBytes == 0;
                _pendingBytes += size;
            }
        }

        if (wake)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static reader => reader.CancelPendingRead(), input, preferLocal: false);
        }

        return !_overflowed;
    }

    // Called under the gate with the undrained size an append would make.
    private bool OverSoftLimitTooLong(long pending)
    {
        if (softLimit is not { } soft || pending <= soft.Bytes)
        {
            _overSoftSince = 0;
            return false;
        }

        var now = soft.Time.GetTimestamp();
        if (_overSoftSince == 0)
        {
            _overSoftSince = now;
            return false;
        }

        return soft.Time.GetElapsedTime(_overSoftSince, now) >= soft.For;
    }

    /// <summary>Moves everything appended so far into <paramref name="output"/>. Called by the connection's loop only.</summary>
    public void DrainTo(IBufferWriter<byte> output)
    {
        ArrayBufferWriter<byte> batch;
        lock (_gate)
        {
            batch = _pending;
            _pending = _draining;
            _draining = batch;
            _pendingBytes = 0;
            _overSoftSince = 0;
        }

        output.Write(batch.WrittenSpan);
        batch.Clear();
    }
}

/// <summary>Undrained bytes a reader may keep above <see cref="Bytes"/> for at most <see cref="For"/>.</summary>
internal sealed record OutboxSoftLimit(long Bytes, TimeSpan For, TimeProvider Time);
