using System.Buffers;
using System.Globalization;
using System.Text;
using MiniStore.Protocol;

namespace MiniStore.Fuzz.Targets;

/// <summary>
/// The client's RESP2/RESP3 reply reader over a server's byte stream. Invariants: read at once and read in random
/// pieces give the same replies and the same stop; skipping a reply consumes exactly what reading it does; a
/// reply consumes bytes; every reply re-encoded as RESP3 reads back the same (decode → encode → decode is stable).
/// </summary>
public static class RespReplyTarget
{
    public static void Run(ReadOnlySpan<byte> input)
    {
        var stream = input.ToArray();
        var whole = ReadWhole(stream);
        var seed = Chunks.SeedOf(input);
        var pieces = ReadInPieces(stream, ref seed);
        InvariantViolationException.Check(
            whole.SequenceEqual(pieces),
            $"read at once:\n{string.Join('\n', whole)}\nread in pieces:\n{string.Join('\n', pieces)}");
    }

    private static List<string> ReadWhole(byte[] stream)
    {
        var reader = new RespReplyReader();
        var events = new List<string>();
        var buffer = new ReadOnlySequence<byte>(stream);
        Drain(reader, ref buffer, events);
        return events;
    }

    private static List<string> ReadInPieces(byte[] stream, ref uint seed)
    {
        var reader = new RespReplyReader();
        var events = new List<string>();
        Chunks.FeedInPieces(stream, ref seed, (ref ReadOnlySequence<byte> buffer) => Drain(reader, ref buffer, events));
        return events;
    }

    // True once the stream is malformed (the client closes the connection).
    private static bool Drain(RespReplyReader reader, ref ReadOnlySequence<byte> buffer, List<string> events)
    {
        while (true)
        {
            var skipped = buffer;
            var skipResult = reader.TrySkip(ref skipped, out var skippedType);
            var before = buffer.Length;
            var result = reader.TryRead(ref buffer, out var reply);
            InvariantViolationException.Check(skipResult == result, $"TrySkip said {skipResult}, TryRead {result}");
            if (result == RespReadResult.NeedMoreData)
            {
                InvariantViolationException.Check(buffer.Length == before, "'need more data' consumed bytes");
                return false;
            }

            if (result == RespReadResult.Malformed)
            {
                events.Add("malformed");
                return true;
            }

            InvariantViolationException.Check(buffer.Length < before, "a reply consumed no bytes");
            InvariantViolationException.Check(
                skipped.Length == buffer.Length && skippedType == reply.Type,
                "TrySkip and TryRead consumed different lengths or saw different types");
            var described = Describe(reply);
            events.Add(described);
            CheckRoundTrip(reply, described);
        }
    }

    private static void CheckRoundTrip(in RespReply reply, string described)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(reply, output);
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        var result = new RespReplyReader { MaxDepth = int.MaxValue }.TryRead(ref buffer, out var again);
        InvariantViolationException.Check(
            result == RespReadResult.Complete && buffer.IsEmpty && Describe(again) == described,
            $"re-encoded {described} as {Encoding.Latin1.GetString(output.WrittenSpan)}: read back {result} {(result == RespReadResult.Complete ? Describe(again) : "")}");
    }

    /// <summary>A reply as text that two equal replies share: type, payload in hex, numbers, elements.</summary>
    public static string Describe(in RespReply reply) => reply.Type switch
    {
        RespType.Integer => $"int {reply.IntegerValue}",
        RespType.Boolean => $"bool {reply.BooleanValue}",
        RespType.Double => $"double {BitConverter.DoubleToInt64Bits(reply.DoubleValue):x}",
        RespType.Null => "null",
        RespType.Array or RespType.Set or RespType.Push or RespType.Map =>
            $"{reply.Type}[{string.Join(", ", reply.Elements.Select(e => Describe(e)))}]",
        _ => $"{reply.Type} {Convert.ToHexString(reply.Bytes.Span)}",
    };

    private static void Write(in RespReply reply, IBufferWriter<byte> output)
    {
        switch (reply.Type)
        {
            case RespType.SimpleString:
                Line(output, '+', reply.Bytes.Span);
                break;
            case RespType.Error:
                Line(output, '-', reply.Bytes.Span);
                break;
            case RespType.BigNumber:
                Line(output, '(', reply.Bytes.Span);
                break;
            case RespType.Integer:
                Encode.Ascii(output, $":{Encode.Number(reply.IntegerValue)}\r\n");
                break;
            case RespType.Boolean:
                Encode.Ascii(output, reply.BooleanValue ? "#t\r\n" : "#f\r\n");
                break;
            case RespType.Double:
                Encode.Ascii(output, $",{Double(reply.DoubleValue)}\r\n");
                break;
            case RespType.Null:
                Encode.Ascii(output, "_\r\n");
                break;
            case RespType.BulkString:
                Bulk(output, '$', reply.Bytes.Span, prefix: default);
                break;
            case RespType.BulkError:
                Bulk(output, '!', reply.Bytes.Span, prefix: default);
                break;
            case RespType.VerbatimString:
                Bulk(output, '=', reply.Bytes.Span, prefix: "txt:"u8);
                break;
            default:
                var elements = reply.Elements;
                var marker = reply.Type switch { RespType.Set => '~', RespType.Push => '>', RespType.Map => '%', _ => '*' };
                var count = reply.Type == RespType.Map ? elements.Count / 2 : elements.Count;
                Encode.Ascii(output, $"{marker}{Encode.Number(count)}\r\n");
                foreach (var element in elements)
                {
                    Write(element, output);
                }

                break;
        }
    }

    private static string Double(double value) =>
        double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : double.IsNaN(value) ? "nan"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static void Line(IBufferWriter<byte> output, char marker, ReadOnlySpan<byte> text)
    {
        Encode.Ascii(output, marker.ToString());
        output.Write(text);
        Encode.Ascii(output, "\r\n");
    }

    private static void Bulk(IBufferWriter<byte> output, char marker, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> prefix)
    {
        Encode.Ascii(output, $"{marker}{Encode.Number(prefix.Length + payload.Length)}\r\n");
        output.Write(prefix);
        output.Write(payload);
        Encode.Ascii(output, "\r\n");
    }
}
