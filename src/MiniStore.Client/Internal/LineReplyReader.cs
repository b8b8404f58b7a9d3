using System.Buffers;
using MiniStore.Protocol;

namespace MiniStore.Client.Internal;

/// <summary>
/// Frames line-protocol replies (protocol.md A.2: every reply is one line) and gives each the shape the line
/// itself tells: <c>ERR...</c> is an error, <c>(nil)</c> is nil, a line opening with a quote is a quoted value
/// (A.2 quotes every value that could be mistaken for anything else). Any other line is left bare for the
/// request's decoder. A bare line <c>*n</c> is an array header (v2; values starting with <c>*</c> are always quoted):
/// the n replies after it are its elements, framed only once all of them have arrived. Not thread-safe: the reader
/// loop owns it.
/// </summary>
internal sealed class LineReplyReader
{
    // Lines longer than this are not kept around between replies.
    private const int RetainedScratchBytes = 64 * 1024;

    // Arrays nest at most this deep (as RespReplyReader's default): a deeper stream is refused, not recursed into.
    private const int MaxDepth = 32;

    private byte[] _line = new byte[256];
    private byte[] _unquoted = new byte[256];

    // Bytes at the front of the buffer already searched for '\n' in vain, so a long line is scanned once.
    private long _scanned;

    /// <summary>Frames the next reply line; false when the buffer holds no complete line.</summary>
    /// <remarks><paramref name="authenticated"/>: before it, a bare <c>Unauthorized</c> is the server's refusal, not a value.</remarks>
    /// <exception cref="MiniStoreProtocolException">Arrays nest deeper than the reader accepts.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, bool authenticated, out RawReply reply)
    {
        var start = buffer;
        if (!TryReadLine(ref buffer, out var line))
        {
            reply = default;
            return false;
        }

        if (!line.IsEmpty && line[^1] == '\r')
        {
            line = line[..^1];
        }

        if (IsArrayHeader(line, out var count))
        {
            if (!TryReadElements(ref buffer, count, depth: 1, out var array))
            {
                // Not all elements are here yet: leave the header, too, unconsumed and frame the whole array later.
                buffer = start;
                _scanned = 0;
                reply = default;
                return false;
            }

            reply = new RawReply(RawKind.Array, default, aggregate: array);
            return true;
        }

        reply = Classify(line, authenticated);
        return true;
    }

    private static bool IsArrayHeader(ReadOnlySpan<byte> line, out int count)
    {
        count = 0;
        return line.Length > 1 && line[0] == '*'
            && System.Buffers.Text.Utf8Parser.TryParse(line[1..], out count, out var consumed) && consumed == line.Length - 1 && count >= 0;
    }

    private bool TryReadElements(ref ReadOnlySequence<byte> buffer, int count, int depth, out ClientReply array)
    {
        array = ClientReply.Nil;
        if (depth > MaxDepth)
        {
            throw new MiniStoreProtocolException($"The server sent arrays nested deeper than {MaxDepth}; the connection was closed.");
        }

        var elements = new List<ClientReply>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            if (!TryReadLine(ref buffer, out var line))
            {
                return false;
            }

            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (IsArrayHeader(line, out var nested))
            {
                if (!TryReadElements(ref buffer, nested, depth + 1, out var inner))
                {
                    return false;
                }

                elements.Add(inner);
                continue;
            }

            // An element's meaning is not the request's to decide: bare lines are values.
            var element = Classify(line, authenticated: true);
            elements.Add(element.Kind switch
            {
                RawKind.Error => ClientReply.Error(element.Bytes),
                RawKind.Nil => ClientReply.Nil,
                _ => ClientReply.Value(element.Bytes.ToArray()),
            });
        }

        array = ClientReply.Array(elements);
        return true;
    }

    private RawReply Classify(ReadOnlySpan<byte> line, bool authenticated)
    {
        if (line.StartsWith("ERR"u8) || (!authenticated && line.SequenceEqual("Unauthorized"u8)))
        {
            return new RawReply(RawKind.Error, line);
        }

        if (line.SequenceEqual("(nil)"u8))
        {
            return new RawReply(RawKind.Nil, default);
        }

        if (line.IsEmpty || line[0] is not ((byte)'"' or (byte)'\''))
        {
            return new RawReply(RawKind.Line, line);
        }

        // Unquoting never makes a line longer.
        var destination = Rent(ref _unquoted, line.Length);
        return LineQuoting.TryUnquote(line, destination, out var written)
            ? new RawReply(RawKind.Bulk, destination.AsSpan(0, written))
            : new RawReply(RawKind.Malformed, line);
    }

    private bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySpan<byte> line)
    {
        if (_scanned == 0)
        {
            // The usual case: the whole line lies in the first segment, and is viewed in place.
            var first = buffer.FirstSpan;
            var newline = first.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = first[..newline];
                buffer = buffer.Slice(newline + 1);
                return true;
            }
        }

        var end = buffer.Slice(_scanned).PositionOf((byte)'\n');
        if (end is null)
        {
            _scanned = buffer.Length;
            line = default;
            return false;
        }

        _scanned = 0;
        var content = buffer.Slice(0, end.Value);
        var copy = Rent(ref _line, checked((int)content.Length));
        content.CopyTo(copy);
        line = copy.AsSpan(0, (int)content.Length);
        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return true;
    }

    private static byte[] Rent(ref byte[] scratch, int length)
    {
        if (scratch.Length < length || (scratch.Length > RetainedScratchBytes && length <= RetainedScratchBytes))
        {
            scratch = new byte[Math.Max(length, 256)];
        }

        return scratch;
    }
}
