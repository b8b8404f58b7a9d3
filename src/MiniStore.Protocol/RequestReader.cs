using System.Buffers;

namespace MiniStore.Protocol;

/// <summary>
/// Reads requests from a connection's byte stream without copying them when it can. Each request is classified
/// by its first byte: <c>*</c> starts a RESP2 array of bulk strings, anything else is a line. One per connection; not
/// thread-safe. It keeps a little state between calls (a line being discarded, how far an incomplete request was
/// already scanned), so the bytes left unconsumed by one call must be at the front of the buffer of the next,
/// which is what <c>pipeReader.AdvanceTo(buffer.Start, buffer.End)</c> gives.
/// </summary>
/// <example>
/// <code>
/// while ((status = reader.TryRead(ref buffer, out var request, out var error)) != ReadStatus.NeedMoreData) { ... }
/// pipeReader.AdvanceTo(buffer.Start, buffer.End);
/// </code>
/// </example>
public sealed class RequestReader
{
    /// <summary>The largest <see cref="MaxRequestBytes"/> accepted.</summary>
    public const int MaxRequestBytesLimit = 1 << 30;

    // Not a public status: a blank line was consumed, read on.
    private const ReadStatus Skipped = (ReadStatus)byte.MaxValue;

    // A RESP frame that is not in one segment is copied to scratch this many bytes beyond what the parser asked
    // for, so that a header split across segments is not copied a byte at a time.
    private const int RespCopyAhead = 64;

    private readonly TokenList _tokens = new();
    private readonly ScratchBuffer _scratch = new();
    private readonly RespFrameParser _resp = new();
    private int _maxRequestBytes;
    private int _maxRespFrameBytes;

    // Bytes of the current RESP frame already copied to scratch (and consumed from the buffer); 0 while it is read in place.
    private int _respCopied;

    // A request handed back by Unread that lives in scratch: returned again by the next TryRead.
    private int _replayOffset = -1;
    private int _replayLength;
    private WireFormat _replayFormat;

    // The rest of an oversize line is being thrown away up to its '\n'.
    private bool _discarding;

    // Bytes at the front of the buffer already searched for '\n' in vain by the previous call.
    private long _lineScanned;

    public RequestReader(int maxRequestBytes)
    {
        MaxRequestBytes = maxRequestBytes;
        MaxRespFrameBytes = maxRequestBytes;
    }

    /// <summary>
    /// The largest request accepted: a line's bytes without its line ending, or a whole RESP frame. A line is never
    /// searched past this many bytes (plus the line ending), and a RESP frame is refused as soon as its headers show
    /// it is larger, so an oversize request costs no memory. The server raises it after
    /// authentication; a change applies from the next request.
    /// </summary>
    public int MaxRequestBytes
    {
        get => _maxRequestBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxRequestBytesLimit);
            _maxRequestBytes = value;
        }
    }

    /// <summary>
    /// RESP: the largest whole frame. Separate from <see cref="MaxRequestBytes"/> because RESP bulk strings have Redis's
    /// own limit (<see cref="MaxBulkBytes"/>, proto-max-bulk-len), far above the line dialect's request limit. Defaults
    /// to the constructor's <c>maxRequestBytes</c>.
    /// </summary>
    public int MaxRespFrameBytes
    {
        get => _maxRespFrameBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxRequestBytesLimit);
            _maxRespFrameBytes = value;
        }
    }

    /// <summary>
    /// RESP: the most elements a request array may have (Redis allows 10 before authentication); more is
    /// <see cref="ReadStatus.Fatal"/>. Default: no limit but <see cref="MaxRequestBytes"/>.
    /// </summary>
    public int MaxArrayElements
    {
        get => _resp.MaxArrayElements;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _resp.MaxArrayElements = value;
        }
    }

    /// <summary>
    /// RESP: the longest bulk string (Redis allows 16 KiB before authentication); longer is
    /// <see cref="ReadStatus.Fatal"/>. Default and maximum: 512 MiB, as in Redis.
    /// </summary>
    public int MaxBulkBytes
    {
        get => _resp.MaxBulkBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, RespFrameParser.MaxBulkLength);
            _resp.MaxBulkBytes = value;
        }
    }

    /// <summary>
    /// Zeroes the reader's decoding buffer. Call after copying a secret (a password) out of the current request:
    /// a quoted or segment-split argument was decoded there. The current request's arguments are invalid
    /// afterwards. Best effort: an argument viewed in place lives in the transport's buffer, not here.
    /// </summary>
    public void ClearScratch() => _scratch.Clear();

    /// <summary>
    /// Reads one request from the front of <paramref name="buffer"/> and slices <paramref name="buffer"/> past the
    /// bytes it consumed. Blank lines are consumed without a result.
    /// </summary>
    /// <returns>
    /// <see cref="ReadStatus.Request"/>: <paramref name="request"/> is valid until the next call or until the pipe is
    /// advanced. <see cref="ReadStatus.NeedMoreData"/>: nothing more to read. <see cref="ReadStatus.Error"/>: a
    /// malformed line was consumed; reply with <paramref name="error"/> and go on. <see cref="ReadStatus.TooLarge"/>:
    /// reported once per oversize line, whose remaining bytes later calls discard up to its <c>\n</c> without
    /// buffering them (returning <see cref="ReadStatus.NeedMoreData"/> meanwhile). <see cref="ReadStatus.Fatal"/>: a
    /// malformed or oversize RESP frame; reply with <paramref name="error"/> and close the connection (the buffer is
    /// left at the frame).
    /// </returns>
    public ReadStatus TryRead(ref ReadOnlySequence<byte> buffer, out Request request, out ProtocolError error)
    {
        if (_replayOffset >= 0)
        {
            return Replay(out request, out error);
        }

        while (true)
        {
            if (_discarding && !TryDiscard(ref buffer))
            {
                request = default;
                error = default;
                return ReadStatus.NeedMoreData;
            }

            if (buffer.IsEmpty)
            {
                request = default;
                error = default;
                return ReadStatus.NeedMoreData;
            }

            if (_lineScanned == 0 && !_resp.InProgress && _respCopied == 0)
            {
                // Nothing refers to the scratch bytes any more: the previous request is void once we are called.
                _scratch.Trim();
            }

            var first = buffer.FirstSpan;
            // A RESP frame partly copied to scratch has been consumed up to where the buffer starts now.
            var isResp = _respCopied > 0 || (first.IsEmpty ? FirstByte(buffer) == '*' : first[0] == '*');
            var status = isResp ? ReadResp(ref buffer, first, out request, out error) : ReadLine(ref buffer, first, out request, out error);
            if (status != Skipped)
            {
                return status;
            }
        }
    }

    /// <summary>
    /// Hands back the request the last <see cref="TryRead"/> returned, so the next call returns it again: a command held
    /// back (CLIENT PAUSE) is read again once it may run. <paramref name="before"/> is the buffer as it was before that
    /// call; <paramref name="buffer"/> is set back to it when the request was read in place, and left alone when it was
    /// copied to scratch (then it is replayed from there).
    /// </summary>
    public void Unread(in Request request, ref ReadOnlySequence<byte> buffer, in ReadOnlySequence<byte> before)
    {
        var scratch = _scratch.Current.AsSpan();
        var source = request.Source;
        if (source.Overlaps(scratch, out var offset))
        {
            _replayOffset = offset;
            _replayLength = source.Length;
            _replayFormat = request.Format;
        }
        else
        {
            buffer = before;
        }
    }

    // Kept out of TryRead: the hot path stays small enough for the JIT to inline the line and RESP readers into it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private ReadStatus Replay(out Request request, out ProtocolError error)
    {
        request = new Request(_replayFormat, _scratch.Current.AsSpan(_replayOffset, _replayLength), _tokens.AsSpan());
        _replayOffset = -1;
        error = default;
        return ReadStatus.Request;
    }

    /// <summary>Forgets any partly read or partly discarded request, e.g. before reading a different stream.</summary>
    public void Reset()
    {
        _replayOffset = -1;
        _discarding = false;
        _lineScanned = 0;
        _respCopied = 0;
        _resp.Reset();
        _tokens.Clear();
        _scratch.Trim();
    }

    // first: the buffer's first segment, already fetched by the caller.
    private ReadStatus ReadLine(ref ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> first, out Request request, out ProtocolError error)
    {
        if (_lineScanned == 0)
        {
            // Fast path: the whole line is in the first segment, the usual case with pipelined small requests.
            var window = _maxRequestBytes + 2;
            var newline = (first.Length > window ? first[..window] : first).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                buffer = buffer.Slice(newline + 1);
                return ParseLine(first[..newline], out request, out error);
            }
        }

        return ReadLineSlow(ref buffer, out request, out error);
    }

    private ReadStatus ReadLineSlow(ref ReadOnlySequence<byte> buffer, out Request request, out ProtocolError error)
    {
        request = default;
        error = default;
        var window = (long)_maxRequestBytes + 2;
        var searchEnd = Math.Min(buffer.Length, window);
        var newline = IndexOfNewline(buffer, _lineScanned, searchEnd);
        if (newline < 0)
        {
            if (searchEnd < window)
            {
                _lineScanned = searchEnd;
                return ReadStatus.NeedMoreData;
            }

            // No line ending within the limit: refuse the line now and drop the rest of it as it arrives.
            _lineScanned = 0;
            _discarding = true;
            buffer = buffer.Slice(window);
            error = ProtocolError.TooLarge;
            return ReadStatus.TooLarge;
        }

        _lineScanned = 0;
        var length = (int)newline;
        var firstSpan = buffer.FirstSpan;
        ReadStatus status;
        if (length <= firstSpan.Length)
        {
            status = ParseLine(firstSpan[..length], out request, out error);
        }
        else
        {
            var scratch = _scratch.Get(length)[..length];
            buffer.Slice(0, length).CopyTo(scratch);
            status = ParseLineInPlace(scratch, out request, out error);
        }

        buffer = buffer.Slice(newline + 1);
        return status;
    }

    /// <summary>Parses a line that lies in the read buffer: zero-copy unless it has quoted tokens.</summary>
    private ReadStatus ParseLine(ReadOnlySpan<byte> line, out Request request, out ProtocolError error)
    {
        line = TrimCarriageReturn(line);
        if (line.Length > _maxRequestBytes)
        {
            request = default;
            error = ProtocolError.TooLarge;
            return ReadStatus.TooLarge;
        }

        _tokens.Clear();
        var count = LineTokenizer.TokenizePlain(line, _tokens);
        if (count == LineTokenizer.NeedsDecoding)
        {
            var scratch = _scratch.Get(line.Length)[..line.Length];
            line.CopyTo(scratch);
            return DecodeLine(scratch, out request, out error);
        }

        return Complete(line, count, out request, out error);
    }

    /// <summary>Parses a line copied to the scratch buffer because it spans segments.</summary>
    private ReadStatus ParseLineInPlace(Span<byte> line, out Request request, out ProtocolError error)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        if (line.Length > _maxRequestBytes)
        {
            request = default;
            error = ProtocolError.TooLarge;
            return ReadStatus.TooLarge;
        }

        return DecodeLine(line, out request, out error);
    }

    /// <summary>Tokenizes a line (its line ending already removed) in scratch, decoding quoted tokens where they lie.</summary>
    private ReadStatus DecodeLine(Span<byte> line, out Request request, out ProtocolError error)
    {
        _tokens.Clear();
        var count = LineTokenizer.TokenizeInPlace(line, _tokens);
        if (count == LineTokenizer.Unbalanced)
        {
            request = default;
            error = ProtocolError.UnbalancedQuotes;
            return ReadStatus.Error;
        }

        return Complete(line, count, out request, out error);
    }

    private ReadStatus Complete(ReadOnlySpan<byte> source, int count, out Request request, out ProtocolError error)
    {
        error = default;
        if (count == 0)
        {
            request = default;
            return Skipped;
        }

        request = new Request(WireFormat.Line, source, _tokens.AsSpan());
        return ReadStatus.Request;
    }

    // first: the buffer's first segment, already fetched by the caller.
    private ReadStatus ReadResp(ref ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> first, out Request request, out ProtocolError error)
    {
        request = default;
        error = default;
        ReadOnlySpan<byte> frame = default;
        var step = RespStep.Incomplete;
        if (_respCopied == 0)
        {
            // Zero-copy while the frame lies in the first segment.
            frame = first;
            step = _resp.Parse(frame, _tokens, _maxRespFrameBytes);
            if (step != RespStep.Incomplete)
            {
                return FinishResp(ref buffer, step, frame, 0, out request, out error);
            }
        }

        // Otherwise the frame is copied to scratch and parsed on there. The frame is at least Need bytes long, and
        // every byte the parser has seen without completing it belongs to it, so what is copied is consumed from the
        // buffer at once (buffer then starts at frame offset _respCopied): a large bulk string streams into scratch
        // instead of piling up in the transport's pipe, whose limit can stay the line dialect's.
        while (true)
        {
            if (buffer.IsEmpty)
            {
                return ReadStatus.NeedMoreData;
            }

            var copiedBefore = _respCopied;
            var need = _resp.Need;
            var target = (int)Math.Min(copiedBefore + buffer.Length, Math.Max(need, (long)copiedBefore + RespCopyAhead));
            var scratch = _scratch.Get(Math.Max(target, need), preserve: copiedBefore);
            var chunk = target - copiedBefore;
            buffer.Slice(0, chunk).CopyTo(scratch[copiedBefore..]);
            _respCopied = target;
            frame = scratch[..target];
            if (target < need)
            {
                buffer = buffer.Slice(chunk);
                return ReadStatus.NeedMoreData;
            }

            step = _resp.Parse(frame, _tokens, _maxRespFrameBytes);
            if (step != RespStep.Incomplete)
            {
                return FinishResp(ref buffer, step, frame, copiedBefore, out request, out error);
            }

            buffer = buffer.Slice(chunk);
        }
    }

    /// <summary>Ends a RESP frame: <paramref name="buffer"/> starts at frame offset <paramref name="consumed"/>.</summary>
    private ReadStatus FinishResp(ref ReadOnlySequence<byte> buffer, RespStep step, ReadOnlySpan<byte> frame, int consumed, out Request request, out ProtocolError error)
    {
        request = default;
        error = default;
        _respCopied = 0;
        if (step == RespStep.Fatal)
        {
            error = _resp.Error;
            return ReadStatus.Fatal;
        }

        var length = _resp.FrameLength;
        buffer = buffer.Slice(length - consumed);
        if (step == RespStep.Empty)
        {
            return Skipped;
        }

        request = new Request(WireFormat.Resp, frame[..length], _tokens.AsSpan());
        return ReadStatus.Request;
    }

    private static byte FirstByte(in ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            if (!segment.IsEmpty)
            {
                return segment.Span[0];
            }
        }

        return 0;
    }

    private bool TryDiscard(ref ReadOnlySequence<byte> buffer)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            buffer = buffer.Slice(buffer.End);
            return false;
        }

        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        _discarding = false;
        return true;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    /// <summary>The offset of the first <c>\n</c> in bytes [<paramref name="from"/>, <paramref name="end"/>) of the buffer, or -1.</summary>
    private static long IndexOfNewline(in ReadOnlySequence<byte> buffer, long from, long end)
    {
        long segmentStart = 0;
        foreach (var segment in buffer)
        {
            if (segmentStart >= end)
            {
                break;
            }

            var span = segment.Span;
            var segmentEnd = segmentStart + span.Length;
            if (segmentEnd > from)
            {
                var start = (int)Math.Max(0, from - segmentStart);
                var stop = (int)(Math.Min(end, segmentEnd) - segmentStart);
                var index = span[start..stop].IndexOf((byte)'\n');
                if (index >= 0)
                {
                    return segmentStart + start + index;
                }
            }

            segmentStart = segmentEnd;
        }

        return -1;
    }
}
