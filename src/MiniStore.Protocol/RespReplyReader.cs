using System.Buffers;
using System.Globalization;

namespace MiniStore.Protocol;

/// <summary>
/// Reads RESP2 and RESP3 replies, for clients. Each call reads one whole reply (nested aggregates included) from
/// the front of the buffer, or consumes nothing. Not thread-safe; holds no state between calls.
/// </summary>
/// <remarks>
/// A reply is first measured without allocating, then built only once it is complete, so a large reply that
/// arrives in many reads costs a re-measure of its headers per read, never a rebuild. RESP3 attributes
/// (<c>|</c>) are skipped; the reply they annotate is returned.
/// </remarks>
public sealed class RespReplyReader
{
    private int _maxDepth = 32;

    /// <summary>The deepest nesting of aggregates accepted; deeper is <see cref="RespReadResult.Malformed"/>.</summary>
    public int MaxDepth
    {
        get => _maxDepth;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxDepth = value;
        }
    }

    /// <summary>Reads one reply and slices <paramref name="buffer"/> past it.</summary>
    public RespReadResult TryRead(ref ReadOnlySequence<byte> buffer, out RespReply reply)
    {
        var measure = new SequenceReader<byte>(buffer);
        var result = Read(ref measure, 0, build: false, out reply);
        if (result != RespReadResult.Complete)
        {
            return result;
        }

        var build = new SequenceReader<byte>(buffer);
        Read(ref build, 0, build: true, out reply);
        buffer = buffer.Slice(build.Position);
        return RespReadResult.Complete;
    }

    /// <summary>Skips one reply without allocating (a load generator's way to count replies); tells its type.</summary>
    public RespReadResult TrySkip(ref ReadOnlySequence<byte> buffer, out RespType type)
    {
        var reader = new SequenceReader<byte>(buffer);
        var result = Read(ref reader, 0, build: false, out var reply);
        type = reply.Type;
        if (result == RespReadResult.Complete)
        {
            buffer = buffer.Slice(reader.Position);
        }

        return result;
    }

    private RespReadResult Read(ref SequenceReader<byte> reader, int depth, bool build, out RespReply reply)
    {
        reply = default;
        if (!reader.TryRead(out var prefix))
        {
            return RespReadResult.NeedMoreData;
        }

        var result = ReadLine(ref reader, out var line);
        if (result != RespReadResult.Complete)
        {
            return result;
        }

        switch (prefix)
        {
            case (byte)'+':
                reply = RespReply.OfBytes(RespType.SimpleString, build ? line.ToArray() : []);
                return RespReadResult.Complete;
            case (byte)'-':
                reply = RespReply.OfBytes(RespType.Error, build ? line.ToArray() : []);
                return RespReadResult.Complete;
            case (byte)'(':
                reply = RespReply.OfBytes(RespType.BigNumber, build ? line.ToArray() : []);
                return RespReadResult.Complete;
            case (byte)':':
                return Number(line, RespType.Integer, out reply);
            case (byte)'#':
                return Boolean(line, out reply);
            case (byte)',':
                return Double(line, out reply);
            case (byte)'_':
                reply = RespReply.Null;
                return line.IsEmpty ? RespReadResult.Complete : RespReadResult.Malformed;
            case (byte)'$':
                return Bulk(ref reader, line, RespType.BulkString, build, out reply);
            case (byte)'!':
                return Bulk(ref reader, line, RespType.BulkError, build, out reply);
            case (byte)'=':
                return Bulk(ref reader, line, RespType.VerbatimString, build, out reply);
            case (byte)'*':
                return Aggregate(ref reader, line, RespType.Array, 1, depth, build, out reply);
            case (byte)'~':
                return Aggregate(ref reader, line, RespType.Set, 1, depth, build, out reply);
            case (byte)'>':
                return Aggregate(ref reader, line, RespType.Push, 1, depth, build, out reply);
            case (byte)'%':
                return Aggregate(ref reader, line, RespType.Map, 2, depth, build, out reply);
            case (byte)'|':
                // An attribute: metadata about the reply that follows it. Skip it, return that reply.
                result = Aggregate(ref reader, line, RespType.Map, 2, depth, build: false, out _);
                return result != RespReadResult.Complete ? result : Read(ref reader, depth, build, out reply);
            default:
                return RespReadResult.Malformed;
        }
    }

    private static RespReadResult Bulk(ref SequenceReader<byte> reader, ReadOnlySequence<byte> header, RespType type, bool build, out RespReply reply)
    {
        reply = default;
        if (!TryParse(header, out var length) || length < -1 || (length == -1 && type != RespType.BulkString))
        {
            return RespReadResult.Malformed;
        }

        if (length == -1)
        {
            reply = RespReply.Null;
            return RespReadResult.Complete;
        }

        if (reader.Remaining < length + 2)
        {
            return RespReadResult.NeedMoreData;
        }

        var data = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            return RespReadResult.Malformed;
        }

        if (type == RespType.VerbatimString)
        {
            // "txt:" or "mkd:" before the text.
            if (length < 4 || !data.Slice(3, 1).FirstSpan.SequenceEqual(":"u8))
            {
                return RespReadResult.Malformed;
            }

            data = data.Slice(4);
        }

        reply = RespReply.OfBytes(type, build ? data.ToArray() : []);
        return RespReadResult.Complete;
    }

    private RespReadResult Aggregate(
        ref SequenceReader<byte> reader, ReadOnlySequence<byte> header, RespType type, int perEntry, int depth, bool build, out RespReply reply)
    {
        reply = default;
        if (!TryParse(header, out var count) || count < -1 || (count == -1 && type != RespType.Array) || count > int.MaxValue / 2)
        {
            return RespReadResult.Malformed;
        }

        if (count == -1)
        {
            reply = RespReply.Null;
            return RespReadResult.Complete;
        }

        if (depth >= _maxDepth)
        {
            return RespReadResult.Malformed;
        }

        // Each element takes at least 3 bytes ("_\r\n"): a count the buffer cannot hold is not waited for element by element.
        var total = (int)count * perEntry;
        if (reader.Remaining < total * 3L)
        {
            return RespReadResult.NeedMoreData;
        }

        var elements = build ? new RespReply[total] : null;
        for (var i = 0; i < total; i++)
        {
            var result = Read(ref reader, depth + 1, build, out var element);
            if (result != RespReadResult.Complete)
            {
                return result;
            }

            if (elements is not null)
            {
                elements[i] = element;
            }
        }

        reply = RespReply.OfElements(type, elements ?? []);
        return RespReadResult.Complete;
    }

    /// <summary>Reads the rest of a line up to CR LF (consumed, not included).</summary>
    private static RespReadResult ReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\n'))
        {
            return RespReadResult.NeedMoreData;
        }

        if (line.IsEmpty || !line.Slice(line.Length - 1).FirstSpan.SequenceEqual("\r"u8))
        {
            return RespReadResult.Malformed;
        }

        line = line.Slice(0, line.Length - 1);
        return RespReadResult.Complete;
    }

    private static RespReadResult Number(ReadOnlySequence<byte> line, RespType type, out RespReply reply)
    {
        reply = default;
        if (!TryParse(line, out var value))
        {
            return RespReadResult.Malformed;
        }

        reply = RespReply.OfNumber(type, value);
        return RespReadResult.Complete;
    }

    private static RespReadResult Boolean(ReadOnlySequence<byte> line, out RespReply reply)
    {
        reply = default;
        if (line.Length != 1 || line.FirstSpan[0] is not ((byte)'t' or (byte)'f'))
        {
            return RespReadResult.Malformed;
        }

        reply = RespReply.OfNumber(RespType.Boolean, line.FirstSpan[0] == 't' ? 1 : 0);
        return RespReadResult.Complete;
    }

    private static RespReadResult Double(ReadOnlySequence<byte> line, out RespReply reply)
    {
        reply = default;
        Span<byte> text = stackalloc byte[64];
        if (line.Length > text.Length)
        {
            return RespReadResult.Malformed;
        }

        line.CopyTo(text);
        text = text[..(int)line.Length];
        double value;
        if (System.Text.Ascii.EqualsIgnoreCase(text, "inf"u8) || System.Text.Ascii.EqualsIgnoreCase(text, "+inf"u8))
        {
            value = double.PositiveInfinity;
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(text, "-inf"u8))
        {
            value = double.NegativeInfinity;
        }
        else if (System.Text.Ascii.EqualsIgnoreCase(text, "nan"u8))
        {
            value = double.NaN;
        }
        else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return RespReadResult.Malformed;
        }

        reply = RespReply.OfDouble(value);
        return RespReadResult.Complete;
    }

    private static bool TryParse(ReadOnlySequence<byte> text, out long value)
    {
        if (text.IsSingleSegment)
        {
            return CommandSyntax.TryParseInt64(text.FirstSpan, out value);
        }

        Span<byte> copy = stackalloc byte[20];
        value = 0;
        if (text.Length > copy.Length)
        {
            return false;
        }

        text.CopyTo(copy);
        return CommandSyntax.TryParseInt64(copy[..(int)text.Length], out value);
    }
}
