using System.Buffers;
using System.Text;

namespace MiniStore.Protocol.Tests;

/// <summary>Builds RESP2 request frames, as every Redis client sends them.</summary>
internal static class Resp
{
    public static byte[] Frame(params string[] arguments) => Frame(arguments.Select(Wire.Bytes).ToArray());

    public static byte[] Frame(params byte[][] arguments)
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write(Encoding.ASCII.GetBytes($"*{arguments.Length}\r\n"));
        foreach (var argument in arguments)
        {
            output.Write(Encoding.ASCII.GetBytes($"${argument.Length}\r\n"));
            output.Write(argument);
            output.Write("\r\n"u8);
        }

        return output.WrittenSpan.ToArray();
    }
}
