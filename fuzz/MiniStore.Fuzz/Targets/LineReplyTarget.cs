using System.Buffers;
using System.Text;
using MiniStore.Client;
using MiniStore.Client.Internal;
using MiniStore.Protocol;

namespace MiniStore.Fuzz.Targets;

/// <summary>
/// The client's line-dialect reply reader over a server's byte stream. The first byte says whether the session is
/// authenticated (it changes how <c>Unauthorized</c> reads). Invariants: read at once and read in random pieces give
/// the same replies; a reply consumes bytes; a value quoted by the server's rules reads back as the same bytes.
/// </summary>
public static class LineReplyTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var authenticated = (input[0] & 1) != 0;
        var stream = input[1..].ToArray();
        var whole = ReadWhole(stream, authenticated);
        var seed = Chunks.SeedOf(input);
        var pieces = ReadInPieces(stream, authenticated, ref seed);
        InvariantViolationException.Check(
            whole.SequenceEqual(pieces),
            $"read at once:\n{string.Join('\n', whole)}\nread in pieces:\n{string.Join('\n', pieces)}");
    }

    private static List<string> ReadWhole(byte[] stream, bool authenticated)
    {
        var reader = new LineReplyReader();
        var events = new List<string>();
        var buffer = new ReadOnlySequence<byte>(stream);
        Drain(reader, ref buffer, authenticated, events);
        return events;
    }

    private static List<string> ReadInPieces(byte[] stream, bool authenticated, ref uint seed)
    {
        var reader = new LineReplyReader();
        var events = new List<string>();
        Chunks.FeedInPieces(stream, ref seed, (ref ReadOnlySequence<byte> buffer) => Drain(reader, ref buffer, authenticated, events));
        return events;
    }

    // True once the stream cannot be read on (the client closes the connection).
    private static bool Drain(LineReplyReader reader, ref ReadOnlySequence<byte> buffer, bool authenticated, List<string> events)
    {
        while (true)
        {
            var before = buffer.Length;
            string? described;
            byte[]? value;
            try
            {
                described = ReadOne(reader, ref buffer, authenticated, out value);
            }
            catch (MiniStoreProtocolException e)
            {
                // The documented way to refuse a stream: the connection fails with a protocol error.
                events.Add($"refused: {e.Message}");
                return true;
            }

            if (described is null)
            {
                InvariantViolationException.Check(buffer.Length == before, "'no reply yet' consumed bytes");
                return false;
            }

            InvariantViolationException.Check(buffer.Length < before, "a reply consumed no bytes");
            events.Add(described);
            if (value is not null)
            {
                CheckValueRoundTrip(value, authenticated);
            }
        }
    }

    // One reply described, or null when none is complete; value: the bytes of a quoted value, to round-trip.
    private static string? ReadOne(LineReplyReader reader, ref ReadOnlySequence<byte> buffer, bool authenticated, out byte[]? value)
    {
        value = null;
        if (!reader.TryRead(ref buffer, authenticated, out var reply))
        {
            return null;
        }

        if (reply.Kind == RawKind.Bulk)
        {
            value = reply.Bytes.ToArray();
        }

        return Describe(reply);
    }

    private static void CheckValueRoundTrip(ReadOnlySpan<byte> value, bool authenticated)
    {
        var output = new ArrayBufferWriter<byte>();
        LineQuoting.WriteValue(value, output);
        output.Write("\n"u8);
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        var read = new LineReplyReader().TryRead(ref buffer, authenticated, out var again);
        InvariantViolationException.Check(
            read && buffer.IsEmpty && again.Kind is RawKind.Bulk or RawKind.Line && again.Bytes.SequenceEqual(value),
            $"value {Convert.ToHexString(value)} written as {Encoding.Latin1.GetString(output.WrittenSpan)} read back as {(read ? Describe(again) : "nothing")}");
    }

    private static string Describe(in RawReply reply) =>
        reply.Kind == RawKind.Array ? $"array {Describe(reply.Aggregate!)}" : $"{reply.Kind} {Convert.ToHexString(reply.Bytes)}";

    private static string Describe(ClientReply reply) =>
        reply.Kind == ReplyKind.Array
            ? $"[{string.Join(", ", reply.Elements.Select(Describe))}]"
            : $"{reply.Kind} {Convert.ToHexString(reply.Bytes.Span)}";
}
