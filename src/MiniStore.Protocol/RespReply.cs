using System.Globalization;
using System.Text;

namespace MiniStore.Protocol;

/// <summary>
/// One RESP reply, read by <see cref="RespReplyReader"/>. Strings are copied out of the read buffer, so a reply
/// outlives it; aggregates hold their elements.
/// </summary>
public readonly struct RespReply
{
    // The integer, the boolean (0 or 1), or the bits of the double.
    private readonly long _number;

    // byte[] for the string types, RespReply[] for the aggregates.
    private readonly object? _payload;

    private RespReply(RespType type, long number, object? payload)
    {
        Type = type;
        _number = number;
        _payload = payload;
    }

    public RespType Type { get; }

    public bool IsNull => Type == RespType.Null;

    /// <summary>Whether the server refused the request (<c>-</c> or <c>!</c>).</summary>
    public bool IsError => Type is RespType.Error or RespType.BulkError;

    /// <summary>With <see cref="RespType.Integer"/>.</summary>
    public long IntegerValue => _number;

    /// <summary>With <see cref="RespType.Double"/>.</summary>
    public double DoubleValue => BitConverter.Int64BitsToDouble(_number);

    /// <summary>With <see cref="RespType.Boolean"/>.</summary>
    public bool BooleanValue => _number != 0;

    /// <summary>The bytes of a string, error, big number or verbatim reply; empty for other types.</summary>
    public ReadOnlyMemory<byte> Bytes => _payload as byte[] ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>The elements of an array, set, push or map (keys and values alternating); empty for other types.</summary>
    public IReadOnlyList<RespReply> Elements => _payload as RespReply[] ?? [];

    internal static RespReply Null { get; } = new(RespType.Null, 0, null);

    internal static RespReply OfBytes(RespType type, byte[] bytes) => new(type, 0, bytes);

    internal static RespReply OfNumber(RespType type, long number) => new(type, number, null);

    internal static RespReply OfDouble(double value) => new(RespType.Double, BitConverter.DoubleToInt64Bits(value), null);

    internal static RespReply OfElements(RespType type, RespReply[] elements) => new(type, 0, elements);

    /// <summary>Text for logs and tests: <c>+OK</c>, <c>:1</c>, <c>$value</c>, <c>*[$a, _]</c>, <c>%{$k: :1}</c>; bytes outside printable ASCII as <c>\xHH</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text);
        return text.ToString();
    }

    private void Append(StringBuilder text)
    {
        switch (Type)
        {
            case RespType.Integer:
                text.Append(':').Append(_number.ToString(CultureInfo.InvariantCulture));
                break;
            case RespType.Double:
                text.Append(',').Append(DoubleValue.ToString("R", CultureInfo.InvariantCulture));
                break;
            case RespType.Boolean:
                text.Append(BooleanValue ? "#t" : "#f");
                break;
            case RespType.Null:
                text.Append('_');
                break;
            case RespType.Array or RespType.Set or RespType.Push:
                text.Append(Type switch { RespType.Array => '*', RespType.Set => '~', _ => '>' }).Append('[');
                AppendElements(text, ", ", ", ");
                text.Append(']');
                break;
            case RespType.Map:
                text.Append("%{");
                AppendElements(text, ": ", ", ");
                text.Append('}');
                break;
            default:
                text.Append(Type switch
                {
                    RespType.SimpleString => '+',
                    RespType.Error => '-',
                    RespType.BulkString => '$',
                    RespType.BigNumber => '(',
                    RespType.BulkError => '!',
                    _ => '=',
                });
                foreach (var b in Bytes.Span)
                {
                    if (b is >= 0x20 and < 0x7F and not (byte)'\\')
                    {
                        text.Append((char)b);
                    }
                    else
                    {
                        text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                    }
                }

                break;
        }
    }

    // Maps alternate key and value, so separators alternate too.
    private void AppendElements(StringBuilder text, string beforeOdd, string beforeEven)
    {
        var elements = Elements;
        for (var i = 0; i < elements.Count; i++)
        {
            if (i > 0)
            {
                text.Append(i % 2 == 1 ? beforeOdd : beforeEven);
            }

            elements[i].Append(text);
        }
    }
}
