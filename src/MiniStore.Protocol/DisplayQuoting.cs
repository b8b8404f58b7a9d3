using System.Buffers;
using System.Text;

namespace MiniStore.Protocol;

/// <summary>
/// Bytes shown to people: Redis's way of quoting a value for display (its <c>sdscatrepr</c>, used by MONITOR and
/// redis-cli): double quotes, <c>\"</c> <c>\\</c> <c>\n</c> <c>\r</c> <c>\t</c> <c>\a</c> <c>\b</c>, printable ASCII
/// as is, any other byte as <c>\xHH</c>. Not the line protocol's quoting (<see cref="LineQuoting"/>), which must read
/// back; this one must only be unambiguous to a reader.
/// </summary>
public static class DisplayQuoting
{
    public static void Write(ReadOnlySpan<byte> value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write("\""u8);
        foreach (var b in value)
        {
            output.Write(b switch
            {
                (byte)'"' => "\\\""u8,
                (byte)'\\' => @"\\"u8,
                (byte)'\n' => @"\n"u8,
                (byte)'\r' => @"\r"u8,
                (byte)'\t' => @"\t"u8,
                7 => @"\a"u8,
                8 => @"\b"u8,
                >= 0x20 and < 0x7F => [b],
                _ => [(byte)'\\', (byte)'x', Hex(b >> 4), Hex(b & 0xF)],
            });
        }

        output.Write("\""u8);
    }

    public static string Quote(ReadOnlySpan<byte> value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 2);
        Write(value, buffer);
        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    private static byte Hex(int digit) => (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
}
