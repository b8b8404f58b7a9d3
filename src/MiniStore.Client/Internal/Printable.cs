using System.Text;

namespace MiniStore.Client.Internal;

/// <summary>Bytes shown in a message: printable ASCII as is, anything else as <c>\xHH</c>.</summary>
internal static class Printable
{
    public static string Escape(ReadOnlySpan<byte> bytes, int maxBytes)
    {
        var text = new StringBuilder(Math.Min(bytes.Length, maxBytes) + 8);
        foreach (var b in bytes[..Math.Min(bytes.Length, maxBytes)])
        {
            if (b is >= 0x20 and < 0x7F)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (bytes.Length > maxBytes)
        {
            text.Append("...");
        }

        return text.ToString();
    }
}
