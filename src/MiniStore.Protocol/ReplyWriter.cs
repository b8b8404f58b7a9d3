using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace MiniStore.Protocol;

/// <summary>
/// Writes replies straight into the connection's output (its <c>PipeWriter</c>), in the format of the request
/// they answer: a line (protocol.md A.2) or RESP2/RESP3 (B). Nothing is buffered here; the caller flushes.
/// </summary>
public readonly struct ReplyWriter
{
    // A reply up to this size is written through one GetSpan; a bigger one in pieces, so the writer never has to
    // produce one huge contiguous block.
    private const int SingleSpanLimit = 4096;

    // ':' or '$' or '*', a long (at most 20 characters), CR LF.
    private const int MaxHeaderLength = 1 + 20 + 2;

    private readonly IBufferWriter<byte> _output;

    /// <param name="output">Where replies go: the connection's <c>PipeWriter</c>.</param>
    /// <param name="format">The format of the request being answered.</param>
    /// <param name="respVersion">2, or 3 after <c>HELLO 3</c>; only RESP replies look at it.</param>
    public ReplyWriter(IBufferWriter<byte> output, WireFormat format, int respVersion = 2)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(respVersion, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(respVersion, 3);
        _output = output;
        Format = format;
        RespVersion = respVersion;
    }

    public WireFormat Format { get; }

    public int RespVersion { get; }

    private bool IsLine => Format == WireFormat.Line;

    /// <summary>Line <c>OK</c>; RESP <c>+OK</c>.</summary>
    public void Ok() => WriteLiteral(IsLine ? "OK\n"u8 : "+OK\r\n"u8);

    /// <summary>
    /// A status such as <c>PONG</c>, <c>Unauthorized</c>, <c>Already authenticated</c>: line <c>text</c>; RESP
    /// <c>+text</c>. CR and LF in the text become spaces so a reply can never break the framing.
    /// </summary>
    public void Status(ReadOnlySpan<byte> text) => WriteSimple((byte)'+', text, default, default);

    /// <summary>Line <c>(nil)</c>; RESP2 <c>$-1</c>; RESP3 <c>_</c>.</summary>
    public void Nil() => WriteLiteral(IsLine ? "(nil)\n"u8 : RespVersion == 2 ? "$-1\r\n"u8 : "_\r\n"u8);

    /// <summary>Line <c>17</c>; RESP <c>:17</c>.</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Named after the RESP type it writes.")]
    public void Integer(long value)
    {
        var span = _output.GetSpan(MaxHeaderLength);
        var length = 0;
        if (!IsLine)
        {
            span[length++] = (byte)':';
        }

        Utf8Formatter.TryFormat(value, span[length..], out var digits);
        length += digits;
        length += WriteLineEnd(span[length..]);
        _output.Advance(length);
    }

    /// <summary>A stored value: line raw or quoted (A.2); RESP a bulk string <c>$len</c>.</summary>
    public void Value(ReadOnlySpan<byte> value)
    {
        if (IsLine)
        {
            WriteLineValue(value);
        }
        else
        {
            WriteBulk(value);
        }
    }

    /// <summary>
    /// An error, its text given whole (<c>ERR: invalid arguments</c> on a line, <c>ERR syntax error</c> in RESP):
    /// line <c>text</c>; RESP <c>-text</c>. CR and LF in the text become spaces.
    /// </summary>
    public void Error(ReadOnlySpan<byte> text) => WriteSimple((byte)'-', text, default, default);

    /// <summary>
    /// An error made of three parts written one after the other, so that a message quoting the client's input
    /// (<c>ERR: unknown command '</c> name <c>'</c>) needs no buffer of its own. CR and LF become spaces.
    /// </summary>
    public void Error(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> detail, ReadOnlySpan<byte> suffix) =>
        WriteSimple((byte)'-', prefix, detail, suffix);

    /// <summary>
    /// <c>*count</c>: the next <paramref name="count"/> replies are the array's elements. In the line dialect the header
    /// is its own line, <c>*count</c> (protocol.md v2 A.2); a value starting with <c>*</c> is always quoted there, so the
    /// header cannot be mistaken for one.
    /// </summary>
    public void ArrayHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        WriteHeaderLine((byte)'*', count);
    }

    /// <summary>
    /// RESP3 <c>%count</c>: the next 2 × <paramref name="count"/> replies are keys and values. RESP2 and the line dialect
    /// have no maps: there it is the flat array <c>*2count</c> (as Redis does for RESP2).
    /// </summary>
    public void MapHeader(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (IsLine || RespVersion == 2)
        {
            WriteHeaderLine((byte)'*', count * 2L);
        }
        else
        {
            WriteHeaderLine((byte)'%', count);
        }
    }

    /// <summary>A missing array: RESP2 <c>*-1</c>; RESP3 <c>_</c>; line <c>(nil)</c>.</summary>
    public void NilArray() => WriteLiteral(IsLine ? "(nil)\n"u8 : RespVersion == 2 ? "*-1\r\n"u8 : "_\r\n"u8);

    /// <summary>A double as Redis 7.0 writes it (<c>%.17g</c>, see <see cref="FloatText"/>): RESP3 <c>,1.5</c>; RESP2 a bulk string; line the text.</summary>
    [SuppressMessage("Naming", "CA1720", Justification = "Named after the RESP type it writes.")]
    public void Double(double value)
    {
        Span<byte> text = stackalloc byte[FloatText.MaxLength];
        var length = FloatText.Format(value, text);
        if (IsLine || RespVersion == 2)
        {
            Value(text[..length]);
            return;
        }

        var span = _output.GetSpan(length + 3);
        span[0] = (byte)',';
        text[..length].CopyTo(span[1..]);
        span[length + 1] = (byte)'\r';
        span[length + 2] = (byte)'\n';
        _output.Advance(length + 3);
    }

    private void WriteHeaderLine(byte prefix, long count)
    {
        var span = _output.GetSpan(MaxHeaderLength);
        var length = WriteHeader(prefix, count, span);
        if (IsLine)
        {
            // The line dialect ends every reply with a bare LF.
            span[length - 2] = (byte)'\n';
            length--;
        }

        _output.Advance(length);
    }

    private void WriteLineValue(ReadOnlySpan<byte> value)
    {
        if (value.Length < SingleSpanLimit && !LineQuoting.ValueNeedsQuoting(value))
        {
            var span = _output.GetSpan(value.Length + 1);
            value.CopyTo(span);
            span[value.Length] = (byte)'\n';
            _output.Advance(value.Length + 1);
            return;
        }

        LineQuoting.WriteValue(value, _output);
        WriteLiteral("\n"u8);
    }

    private void WriteBulk(ReadOnlySpan<byte> value)
    {
        var total = MaxHeaderLength + value.Length + 2;
        var span = _output.GetSpan(total <= SingleSpanLimit ? total : MaxHeaderLength);
        var length = WriteHeader((byte)'$', value.Length, span);
        if (total <= SingleSpanLimit)
        {
            value.CopyTo(span[length..]);
            length += value.Length;
            span[length++] = (byte)'\r';
            span[length++] = (byte)'\n';
            _output.Advance(length);
            return;
        }

        _output.Advance(length);
        _output.Write(value);
        WriteLiteral("\r\n"u8);
    }

    private void WriteSimple(byte respPrefix, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third)
    {
        if (!IsLine)
        {
            WriteLiteral([respPrefix]);
        }

        WriteSanitized(first);
        WriteSanitized(second);
        WriteSanitized(third);
        WriteLiteral(IsLine ? "\n"u8 : "\r\n"u8);
    }

    private void WriteSanitized(ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            var span = _output.GetSpan(Math.Min(text.Length, SingleSpanLimit));
            var chunk = Math.Min(text.Length, span.Length);
            var written = span[..chunk];
            text[..chunk].CopyTo(written);
            written.Replace((byte)'\r', (byte)' ');
            written.Replace((byte)'\n', (byte)' ');
            _output.Advance(chunk);
            text = text[chunk..];
        }
    }

    private int WriteLineEnd(Span<byte> span)
    {
        if (IsLine)
        {
            span[0] = (byte)'\n';
            return 1;
        }

        span[0] = (byte)'\r';
        span[1] = (byte)'\n';
        return 2;
    }

    private static int WriteHeader(byte prefix, long value, Span<byte> span)
    {
        span[0] = prefix;
        Utf8Formatter.TryFormat(value, span[1..], out var digits);
        span[digits + 1] = (byte)'\r';
        span[digits + 2] = (byte)'\n';
        return digits + 3;
    }

    private void WriteLiteral(ReadOnlySpan<byte> bytes)
    {
        var span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }
}
