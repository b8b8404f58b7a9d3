using System.Buffers;
using CsCheck;

namespace MiniStore.Protocol.Tests;

/// <summary>Random inputs for the line protocol: quoting round-trips, and a reader that never throws.</summary>
public sealed class LinePropertyTests
{
    // Bytes that matter to the line syntax, mixed half and half with any byte.
    private static readonly Gen<byte> InterestingByte = Gen.OneOf(
        Gen.Byte,
        Gen.OneOf<byte>(0, (byte)'\\', (byte)'"', (byte)'\'', (byte)' ', (byte)'\t', (byte)'\r', (byte)'\n',
            (byte)'x', (byte)'E', (byte)'R', (byte)'(', (byte)'n', (byte)'i', (byte)'l', (byte)')', 0x7F, 0xFF, (byte)'*'));

    private static readonly Gen<byte[]> Bytes = InterestingByte.Array[0, 40];

    [Fact]
    public void ValueWrittenAsLine_UnquotesToTheSameBytes()
    {
        Bytes.Sample(value =>
        {
            var line = Replies.WrittenBytes(WireFormat.Line, w => w.Value(value));

            // One line, and nothing in it that could be taken for a line ending.
            Assert.Equal((byte)'\n', line[^1]);
            Assert.Equal(-1, line.AsSpan(0, line.Length - 1).IndexOfAny((byte)'\n', (byte)'\r'));

            var output = new ArrayBufferWriter<byte>();
            Assert.True(LineQuoting.TryUnquote(line.AsSpan(0, line.Length - 1), output));
            Assert.Equal(value, output.WrittenSpan.ToArray());
        }, iter: 5000);
    }

    [Fact]
    public void QuotedArguments_ParseToThoseArguments()
    {
        var gen = Gen.Select(
            Gen.OneOf("SET", "get", "Del", "FROB", "\"quoted name\""),
            Gen.Select(Bytes, Gen.Int[0, 2], Gen.OneOf(" ", "\t", "  \t")).Array[0, 6],
            Gen.Int[0, 200],
            Gen.Bool);
        gen.Sample((name, arguments, cut, crlf) =>
        {
            var output = new ArrayBufferWriter<byte>();
            output.Write(Wire.Bytes(name));
            foreach (var (argument, style, separator) in arguments)
            {
                output.Write(Wire.Bytes(separator));
                WriteArgument(argument, style, output);
            }

            output.Write(crlf ? "\r\n"u8 : "\n"u8);
            var bytes = output.WrittenSpan.ToArray();

            var buffer = Segments.Split(bytes, Math.Min(cut, bytes.Length));
            var reader = new RequestReader(1 << 20);
            Assert.Equal(ReadStatus.Request, reader.TryRead(ref buffer, out var request, out _));
            Assert.True(buffer.IsEmpty);
            Assert.Equal(Wire.Bytes(name.Trim('"')), request.Name.ToArray());
            Assert.Equal(arguments.Length, request.ArgumentCount);
            for (var i = 0; i < arguments.Length; i++)
            {
                Assert.Equal(arguments[i].Item1, request[i].ToArray());
            }
        }, iter: 3000);
    }

    [Fact]
    public void RandomInput_NeverThrows_AndIsAlwaysConsumedOrKept()
    {
        var gen = Gen.Select(InterestingByte.Array[0, 300], Gen.Int[1, 64].Array[1, 8], Gen.Int[1, 64]);
        gen.Sample((bytes, chunkSizes, limit) =>
        {
            var reader = new RequestReader(limit);
            var results = Wire.Feed(reader, Wire.Chunks(bytes, chunkSizes));
            var whole = Wire.ReadAll(new RequestReader(limit), Segments.Of(bytes));

            // However the bytes arrive, they read the same as when they arrive at once.
            Assert.Equal(whole, results);
        }, iter: 3000);
    }

    [Fact]
    public void ValidRequests_InRandomChunks_ReadTheSameAsWhole()
    {
        var line = Gen.Select(Gen.OneOf("GET", "SET", "DEL"), Bytes.Array[0, 4]).Select((name, arguments) =>
        {
            var output = new ArrayBufferWriter<byte>();
            output.Write(Wire.Bytes(name));
            foreach (var argument in arguments)
            {
                output.Write(" "u8);
                LineQuoting.WriteArgument(argument, output);
            }

            output.Write("\r\n"u8);
            return output.WrittenSpan.ToArray();
        });
        Gen.Select(line.Array[1, 20], Gen.Int[1, 50].Array[1, 5]).Sample((lines, chunkSizes) =>
        {
            var bytes = lines.SelectMany(l => l).ToArray();
            var whole = Wire.ReadAll(new RequestReader(1 << 20), Segments.Of(bytes));

            Assert.Equal(lines.Length, whole.Count);
            Assert.Equal(whole, Wire.Feed(new RequestReader(1 << 20), Wire.Chunks(bytes, chunkSizes)));
        }, iter: 1000);
    }

    private static void WriteArgument(byte[] argument, int style, ArrayBufferWriter<byte> output)
    {
        switch (style)
        {
            case 0:
                LineQuoting.WriteArgument(argument, output);
                break;
            case 1 when CanSingleQuote(argument):
                output.Write("'"u8);
                foreach (var b in argument)
                {
                    output.Write(b == '\'' ? "\\'"u8 : [b]);
                }

                output.Write("'"u8);
                break;
            default:
                LineQuoting.WriteQuoted(argument, output);
                break;
        }
    }

    // Single quotes have no escapes but \', so they cannot carry a line ending or end in a backslash.
    private static bool CanSingleQuote(byte[] argument) =>
        !argument.Contains((byte)'\n') && (argument.Length == 0 || argument[^1] != '\\');
}
