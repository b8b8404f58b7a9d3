using System.Buffers;
using System.Text;
using CsCheck;
using MiniStore.Protocol;

namespace MiniStore.Fuzz.Tests;

/// <summary>
/// CsCheck generators of wire frames: well-formed requests and replies of both dialects, near-misses (wrong lengths,
/// missing CR LF, unbalanced quotes), concatenated into streams and then mutated as a coverage-guided fuzzer would
/// (bit flips, deleted, inserted and duplicated runs), so the CI step reaches the readers' error paths every run.
/// </summary>
internal static class Frames
{
    // Bytes that mean something to some reader, far more often than chance would pick them.
    private static readonly byte[] Interesting = "  \t\"'\\\r\n*$:+-_#,(!=~>%|0123456789xabcAB"u8.ToArray();

    public static readonly Gen<byte> Byte = Gen.Frequency((3, Gen.Int[0, Interesting.Length - 1].Select(i => Interesting[i])), (1, (Gen<byte>)Gen.Byte));

    public static readonly Gen<byte[]> Token = Gen.Frequency<byte[]>((4, Byte.Array[0, 10]), (1, Byte.Array[0, 300]));

    public static readonly Gen<byte[]> LineRequest =
        Gen.Select(Token.Array[1, 5], Gen.Int[0, 3], (tokens, style) =>
        {
            var output = new ArrayBufferWriter<byte>();
            for (var i = 0; i < tokens.Length; i++)
            {
                output.Write(i == 0 ? ""u8 : style == 3 ? "\t "u8 : " "u8);
                if (style == 0)
                {
                    output.Write(tokens[i]);
                }
                else
                {
                    LineQuoting.WriteArgument(tokens[i], output);
                }
            }

            output.Write(style == 2 ? "\n"u8 : "\r\n"u8);
            return output.WrittenSpan.ToArray();
        });

    public static readonly Gen<byte[]> RespRequest =
        Gen.Select(Token.Array[0, 6], Gen.Int[-1, 2], Gen.Int[0, 7], (tokens, skew, wrong) =>
        {
            var output = new StringBuilder();
            output.Append('*').Append(wrong == 0 ? tokens.Length + skew : tokens.Length).Append("\r\n");
            var bytes = new List<byte>(Encoding.Latin1.GetBytes(output.ToString()));
            foreach (var token in tokens)
            {
                var length = wrong == 1 ? token.Length + skew : token.Length;
                bytes.AddRange(Encoding.Latin1.GetBytes($"{(wrong == 2 ? ':' : '$')}{length}\r\n"));
                bytes.AddRange(token);
                bytes.AddRange(wrong == 3 ? "\n"u8.ToArray() : "\r\n"u8.ToArray());
            }

            return bytes.ToArray();
        });

    public static readonly Gen<byte[]> Reply = Gen.Recursive<byte[]>((depth, self) =>
    {
        var scalar = Gen.OneOf(
            Token.Select(t => Wrap("+", Strip(t))),
            Token.Select(t => Wrap("-", Strip(t))),
            Gen.Long.Select(n => Wrap(":", Encoding.ASCII.GetBytes(n.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            Gen.Double.Select(d => Wrap(",", Encoding.ASCII.GetBytes(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))),
            Gen.OneOf<string>("_\r\n", "$-1\r\n", "*-1\r\n", "#t\r\n", "#f\r\n", "(12345678901234567890\r\n", ",inf\r\n", ",-inf\r\n", ",nan\r\n")
                .Select(s => Encoding.ASCII.GetBytes(s)),
            Token.Select(t => Bulk("$", t)),
            Token.Select(t => Bulk("!", t)),
            Token.Select(t => Bulk("=", [.. "txt:"u8, .. t])));
        if (depth > 3)
        {
            return scalar;
        }

        var aggregate = Gen.Select(Gen.OneOf<string>("*", "~", ">", "%", "|"), self.Array[0, 4], (marker, elements) =>
        {
            var count = marker is "%" or "|" ? elements.Length / 2 : elements.Length;
            var used = marker is "%" or "|" ? count * 2 : count;
            var body = elements.Take(used).SelectMany(e => e);
            var frame = Encoding.ASCII.GetBytes($"{marker}{count}\r\n").Concat(body);
            // An attribute annotates the reply after it.
            return (marker == "|" ? frame.Concat("+after\r\n"u8.ToArray()) : frame).ToArray();
        });
        return Gen.Frequency<byte[]>((3, scalar), (1, aggregate));
    });

    public static readonly Gen<byte[]> LineReply = Gen.Recursive<byte[]>((depth, self) =>
    {
        var scalar = Gen.OneOf(
            Token.Select(Quoted),
            Token.Select(t => (byte[])[.. Strip(t), (byte)'\n']),
            Gen.OneOf<string>("OK\n", "(nil)\n", "ERR: wrong type\n", "Unauthorized\n", "-2\n", "17\n", "\"unterminated\n", "'x'y\n", "*\n", "*-1\n", "*x\n")
                .Select(s => Encoding.ASCII.GetBytes(s)));
        if (depth > 3)
        {
            return scalar;
        }

        var array = Gen.Select(self.Array[0, 4], Gen.Int[-1, 1], (elements, skew) =>
            Encoding.ASCII.GetBytes($"*{elements.Length + skew}\n").Concat(elements.SelectMany(e => e)).ToArray());
        return Gen.Frequency<byte[]>((3, scalar), (1, array));
    });

    /// <summary>A stream of frames with a fuzzer's mutations applied.</summary>
    public static Gen<byte[]> Stream(Gen<byte[]> frame) =>
        Gen.Select(frame.Array[1, 8], Mutation.Array[0, 3], (frames, mutations) =>
        {
            var bytes = frames.SelectMany(f => f).ToList();
            foreach (var mutate in mutations)
            {
                mutate(bytes);
            }

            return bytes.ToArray();
        });

    private static readonly Gen<Action<List<byte>>> Mutation = Gen.OneOf(
        Gen.Select(Gen.Int, Gen.Int[0, 7], (at, bit) => (Action<List<byte>>)(bytes =>
        {
            if (bytes.Count > 0)
            {
                var i = Index(at, bytes.Count);
                bytes[i] ^= (byte)(1 << bit);
            }
        })),
        Gen.Select(Gen.Int, Gen.Int[1, 8], (at, length) => (Action<List<byte>>)(bytes =>
        {
            if (bytes.Count > 0)
            {
                var i = Index(at, bytes.Count);
                bytes.RemoveRange(i, Math.Min(length, bytes.Count - i));
            }
        })),
        Gen.Select(Gen.Int, Byte.Array[1, 6], (at, inserted) => (Action<List<byte>>)(bytes =>
            bytes.InsertRange(Index(at, bytes.Count + 1), inserted))),
        Gen.Select(Gen.Int, Gen.Int[1, 32], (at, length) => (Action<List<byte>>)(bytes =>
        {
            if (bytes.Count > 0)
            {
                var i = Index(at, bytes.Count);
                bytes.InsertRange(i, bytes.GetRange(i, Math.Min(length, bytes.Count - i)));
            }
        })));

    private static int Index(int seed, int count) => (int)((uint)seed % (uint)count);

    private static byte[] Strip(byte[] token) => [.. token.Where(b => b is not ((byte)'\r' or (byte)'\n'))];

    private static byte[] Wrap(string marker, byte[] text) => [.. Encoding.ASCII.GetBytes(marker), .. text, (byte)'\r', (byte)'\n'];

    private static byte[] Bulk(string marker, byte[] payload) =>
        [.. Encoding.ASCII.GetBytes($"{marker}{payload.Length}\r\n"), .. payload, (byte)'\r', (byte)'\n'];

    private static byte[] Quoted(byte[] value)
    {
        var output = new ArrayBufferWriter<byte>();
        LineQuoting.WriteValue(value, output);
        output.Write("\n"u8);
        return output.WrittenSpan.ToArray();
    }
}
