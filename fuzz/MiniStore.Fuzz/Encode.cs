using System.Buffers;
using System.Globalization;
using System.Text;
using MiniStore.Protocol;

namespace MiniStore.Fuzz;

/// <summary>Re-encodes what a reader produced, for the round-trip invariants.</summary>
internal static class Encode
{
    public static void RespArray(byte[][] tokens, IBufferWriter<byte> output)
    {
        Ascii(output, $"*{tokens.Length}\r\n");
        foreach (var token in tokens)
        {
            Ascii(output, $"${token.Length}\r\n");
            output.Write(token);
            Ascii(output, "\r\n");
        }
    }

    /// <summary>A request line: each token raw when that is unambiguous, else double-quoted.</summary>
    public static void Line(byte[][] tokens, IBufferWriter<byte> output)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i > 0)
            {
                Ascii(output, " ");
            }

            // A line whose first byte is '*' would be read as RESP.
            if (i == 0 && tokens[i].Length > 0 && tokens[i][0] == '*')
            {
                LineQuoting.WriteQuoted(tokens[i], output);
            }
            else
            {
                LineQuoting.WriteArgument(tokens[i], output);
            }
        }

        Ascii(output, "\n");
    }

    public static void Ascii(IBufferWriter<byte> output, string text) => output.Write(Encoding.ASCII.GetBytes(text));

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
