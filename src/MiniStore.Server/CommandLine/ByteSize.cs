using System.Globalization;

namespace MiniStore.Server.CommandLine;

/// <summary>
/// Memory sizes as Redis writes them in its config: a plain number of bytes, or a number with a unit
/// (k = 1000, kb = 1024, m = 1000², mb = 1024², g = 1000³, gb = 1024³; case-insensitive).
/// </summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Multiplier)[] Units =
    [
        ("kb", 1L << 10), ("mb", 1L << 20), ("gb", 1L << 30),
        ("k", 1_000L), ("m", 1_000_000L), ("g", 1_000_000_000L), ("b", 1L),
    ];

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var multiplier = 1L;
        foreach (var (suffix, value) in Units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                trimmed = trimmed[..^suffix.Length];
                multiplier = value;
                break;
            }
        }

        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        try
        {
            bytes = checked(number * multiplier);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
