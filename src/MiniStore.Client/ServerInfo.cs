namespace MiniStore.Client;

/// <summary>
/// The reply to INFO: the line protocol's one line of <c>name=value</c> pairs, or RESP's Redis-style
/// <c># Section</c> / <c>name:value</c> lines, with the fields parsed out of either.
/// </summary>
public sealed class ServerInfo
{
    public ServerInfo(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        Fields = Parse(text);
    }

    /// <summary>The reply as sent.</summary>
    public string Text { get; }

    /// <summary>Every <c>name=value</c> or <c>name:value</c> field, by name (ordinal, as the server spells them).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>The field's value, or null if the server did not send it.</summary>
    public string? this[string name] => Fields.GetValueOrDefault(name);

    private static Dictionary<string, string> Parse(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var multiLine = text.Contains('\n', StringComparison.Ordinal);
        var separators = multiLine ? new[] { '\r', '\n' } : [' '];
        var pairSeparator = multiLine ? ':' : '=';
        foreach (var item in text.Split(separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (item.StartsWith('#'))
            {
                continue;
            }

            var at = item.IndexOf(pairSeparator, StringComparison.Ordinal);
            if (at > 0)
            {
                fields[item[..at]] = item[(at + 1)..];
            }
        }

        return fields;
    }
}
