using System.Globalization;
using System.Text;
using MiniStore.Client;
using MiniStore.Protocol;

namespace MiniStore.Cli;

/// <summary>
/// Prints replies as redis-cli does on a terminal: values in double quotes with escapes for anything not
/// printable ASCII, <c>(integer) 5</c>, <c>(nil)</c>, <c>(error) ...</c>, arrays as numbered lines.
/// </summary>
public static class ReplyPrinter
{
    public static string Format(ClientReply reply, bool raw = false)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = new StringBuilder();
        Append(text, reply, indent: 0, raw);
        return text.ToString();
    }

    /// <summary>A value as <c>"..."</c>: quote, backslash and control bytes escaped, bytes outside ASCII as <c>\xHH</c>.</summary>
    public static string Quote(ReadOnlySpan<byte> value) => DisplayQuoting.Quote(value);

    private static void Append(StringBuilder text, ClientReply reply, int indent, bool raw)
    {
        switch (reply.Kind)
        {
            case ReplyKind.Integer:
                text.Append("(integer) ").Append(reply.Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case ReplyKind.Nil:
                text.Append("(nil)");
                break;
            case ReplyKind.Error:
                text.Append("(error) ").Append(reply.Text);
                break;
            case ReplyKind.Status:
                text.Append(reply.Text);
                break;
            case ReplyKind.Value:
                // INFO's text is meant to be read as lines, as redis-cli prints it.
                text.Append(raw ? reply.Text.ReplaceLineEndings("\n").TrimEnd('\n') : Quote(reply.Bytes.Span));
                break;
            case ReplyKind.Array:
                AppendArray(text, reply.Elements, indent, raw);
                break;
        }
    }

    private static void AppendArray(StringBuilder text, IReadOnlyList<ClientReply> elements, int indent, bool raw)
    {
        if (elements.Count == 0)
        {
            text.Append("(empty array)");
            return;
        }

        // Numbers are right-aligned to the widest, and nested arrays indent under their number, as in redis-cli.
        var width = elements.Count.ToString(CultureInfo.InvariantCulture).Length;
        for (var i = 0; i < elements.Count; i++)
        {
            if (i > 0)
            {
                text.Append('\n').Append(' ', indent);
            }

            var number = (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width);
            text.Append(number).Append(") ");
            Append(text, elements[i], indent + width + 2, raw);
        }
    }
}
