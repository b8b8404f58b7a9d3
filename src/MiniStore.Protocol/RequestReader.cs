using System.Buffers;

namespace MiniStore.Protocol;

/// <summary>
/// Reads requests from a connection's byte stream without copying them when it can. One per connection; not
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

    private readonly TokenList _tokens = new();
    private readonly ScratchBuffer _scratch = new();
    private int _maxRequestBytes;

    // The rest of an oversize line is being thrown away up to its '\n'.
    private bool _discarding;

    // Bytes at the front of the buffer already searched for '\n' in vain by the previous call.
    private long _lineScanned;

    public RequestReader(int maxRequestBytes)
    {
        MaxRequestBytes = maxRequestBytes;
    }

    /// <summary>
    /// The largest request accepted: a line's bytes without its line ending. A line is never searched past this
    /// many bytes (plus the line ending), so an endless line costs no memory. The server raises it after
    /// authentication; a change applies from the next request.
    /// </summary>
    public int MaxArrayElements { get; set; }

    public int MaxBulkBytes { get; set; }

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
    /// Reads one request from the front of <paramref name="buffer"/> and slices <paramref name="buffer"/> past the
    /// bytes it consumed. Blank lines are consumed without a result.
    /// </summary>
    /// <returns>
    /// <see cref="ReadStatus.Request"/>: <paramref name="request"/> is valid until the next call or until the pipe is
    /// advanced. <see cref="ReadStatus.NeedMoreData"/>: nothing more to read. <see cref="ReadStatus.Error"/>: a
    /// malformed line was consumed; reply with <paramref name="error"/> and go on. <see cref="ReadStatus.TooLarge"/>:
    /// reported once per oversize line, whose remaining bytes later calls discard up to its <c>\n</c> without
    /// buffering them (returning <see cref="ReadStatus.NeedMoreData"/> meanwhile).
    /// </returns>
    public ReadStatus TryRead(ref ReadOnlySequence<byte> buffer, out Request request, out ProtocolError error)
    {
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

            if (_lineScanned == 0)
            {
                // Nothing refers to the scratch bytes any more: the previous request is void once we are called.
                _scratch.Trim();
            }

            var status = ReadLine(ref buffer, out request, out error);
            if (status != Skipped)
            {
                return status;
            }
        }
    }

    /// <summary>Forgets any partly read or partly discarded request, e.g. before reading a different stream.</summary>
    public void Reset()
    {
        _discarding = false;
        _lineScanned = 0;
        _tokens.Clear();
        _scratch.Trim();
    }

    private ReadStatus ReadLine(ref ReadOnlySequence<byte> buffer, out Request request, out ProtocolError error)
    {
        if (_lineScanned == 0)
        {
            // Fast path: the whole line is in the first segment, the usual case with pipelined small requests.
            var first = buffer.FirstSpan;
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
            return ParseLineInPlace(scratch, out request, out error);
        }

        return Complete(line, count, out request, out error);
    }

    /// <summary>Parses a line already copied to the scratch buffer, decoding quoted tokens where they lie.</summary>
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
