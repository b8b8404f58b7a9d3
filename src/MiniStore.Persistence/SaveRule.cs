using System.Globalization;

namespace MiniStore.Persistence;

/// <summary>
/// One of Redis's <c>save &lt;seconds&gt; &lt;changes&gt;</c> points: save when at least <see cref="Changes"/> writes
/// happened and more than <see cref="Seconds"/> seconds passed since the last save.
/// </summary>
public readonly record struct SaveRule(long Seconds, long Changes)
{
    /// <summary>
    /// Parses Redis's <c>save</c> value: pairs of numbers separated by spaces ("3600 1 300 100"); "" means none.
    /// False (with a reason) for an odd count, a non-number or a negative number.
    /// </summary>
    public static bool TryParseList(string text, out IReadOnlyList<SaveRule> rules, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var parsed = new List<SaveRule>();
        rules = parsed;
        error = null;
        if (parts.Length % 2 != 0)
        {
            error = "expected pairs of <seconds> <changes>";
            return false;
        }

        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || !long.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var changes))
            {
                error = $"invalid save point '{parts[i]} {parts[i + 1]}': expected two non-negative integers";
                return false;
            }

            parsed.Add(new SaveRule(seconds, changes));
        }

        return true;
    }

    /// <summary>Redis's text for the rules (CONFIG GET save): "3600 1 300 100", or "" for none.</summary>
    public static string Format(IEnumerable<SaveRule> rules) =>
        string.Join(' ', rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Seconds} {r.Changes}")));
}
