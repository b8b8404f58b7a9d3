namespace MiniStore.Protocol;

/// <summary>
/// Parses one RESP2 request frame, <c>*&lt;n&gt;\r\n</c> followed by n bulk strings <c>$&lt;len&gt;\r\n&lt;bytes&gt;\r\n</c>, from a
/// contiguous span that starts at the frame's first byte. Resumable: when the span ends inside the frame it
/// remembers the elements already read, so a frame that arrives in pieces is parsed once, and a large bulk
/// string is never rescanned (its bytes are skipped by length, not searched).
/// </summary>
internal sealed class RespFrameParser
{
    /// <summary>Redis's largest bulk string (proto-max-bulk-len).</summary>
    public const int MaxBulkLength = 512 * 1024 * 1024;

    // The smallest element, "$0\r\n\r\n": lets a frame that cannot fit the size limit be refused from its header.
    private const int MinElementBytes = 6;

    // Digits of a length read before it is refused: enough for any length in range, too few to overflow.
    private const int MaxNumberDigits = 18;

    // Elements the frame announced; -1 until its header is read.
    private int _expected = -1;

    // Where the next element starts, relative to the frame.
    private int _offset;

    public int MaxArrayElements { get; set; } = int.MaxValue;

    public int MaxBulkBytes { get; set; } = MaxBulkLength;

    /// <summary>Whether a frame is partly parsed (its state must survive until more bytes arrive).</summary>
    public bool InProgress => _expected >= 0;

    /// <summary>After <see cref="RespStep.Incomplete"/>: the frame bytes needed before parsing can go on.</summary>
    public int Need { get; private set; }

    /// <summary>After <see cref="RespStep.Complete"/> or <see cref="RespStep.Empty"/>: the frame's length.</summary>
    public int FrameLength { get; private set; }

    /// <summary>After <see cref="RespStep.Fatal"/>.</summary>
    public ProtocolError Error { get; private set; }

    /// <summary>
    /// Parses on from where the last call stopped. <paramref name="frame"/> holds the frame's first bytes (at least
    /// as many as the last call saw); elements are added to <paramref name="tokens"/> as frame-relative slices.
    /// </summary>
    public RespStep Parse(ReadOnlySpan<byte> frame, TokenList tokens, int maxRequestBytes)
    {
        if (_expected < 0)
        {
            var header = ReadNumber(frame, 0, out var count, out var next);
            if (header != Number.Ok)
            {
                return header == Number.Incomplete ? Incomplete(frame.Length + 1) : Fail(header, ProtocolError.InvalidMultibulkLength);
            }

            if (count <= 0)
            {
                // *0 and *-1 are requests with nothing to do: consumed without a reply, as Redis does.
                FrameLength = next;
                return RespStep.Empty;
            }

            if (count > int.MaxValue)
            {
                return Fail(ProtocolError.InvalidMultibulkLength);
            }

            if (count > MaxArrayElements)
            {
                return Fail(ProtocolError.TooManyElements);
            }

            if (next + (count * MinElementBytes) > maxRequestBytes)
            {
                return Fail(ProtocolError.TooLarge);
            }

            tokens.Clear();
            _expected = (int)count;
            _offset = next;
        }

        while (tokens.Count < _expected)
        {
            var position = _offset;
            if (position >= frame.Length)
            {
                return Incomplete(position + 1);
            }

            if (frame[position] != '$')
            {
                return Fail(ProtocolError.ExpectedBulk(frame[position]));
            }

            var header = ReadNumber(frame, position, out var length, out var dataStart);
            if (header != Number.Ok)
            {
                return header == Number.Incomplete ? Incomplete(frame.Length + 1) : Fail(header, ProtocolError.InvalidBulkLength);
            }

            if (length is < 0 or > MaxBulkLength)
            {
                return Fail(ProtocolError.InvalidBulkLength);
            }

            if (length > MaxBulkBytes)
            {
                return Fail(ProtocolError.BulkTooLarge);
            }

            // Refused as soon as the frame is known to be too large, before its bytes are waited for.
            var end = dataStart + length + 2;
            var remainingElements = _expected - tokens.Count - 1;
            if (end + ((long)remainingElements * MinElementBytes) > maxRequestBytes)
            {
                return Fail(ProtocolError.TooLarge);
            }

            if (end > frame.Length)
            {
                return Incomplete((int)end);
            }

            if (frame[(int)end - 2] != '\r' || frame[(int)end - 1] != '\n')
            {
                return Fail(ProtocolError.ExpectedCrlf);
            }

            tokens.Add(dataStart, (int)length);
            _offset = (int)end;
        }

        FrameLength = _offset;
        Reset();
        return RespStep.Complete;
    }

    public void Reset()
    {
        _expected = -1;
        _offset = 0;
    }

    private RespStep Incomplete(int need)
    {
        Need = need;
        return RespStep.Incomplete;
    }

    private RespStep Fail(Number number, ProtocolError badNumber) =>
        Fail(number == Number.BadLineEnd ? ProtocolError.ExpectedCrlf : badNumber);

    private RespStep Fail(ProtocolError error)
    {
        Error = error;
        Reset();
        return RespStep.Fatal;
    }

    /// <summary>Reads the number after the type byte at <paramref name="position"/>, up to and including its CR LF.</summary>
    /// <remarks>
    /// A digit loop rather than a search for CR then a parse: headers are a few bytes, and this fails on the first
    /// stray byte instead of waiting for a CR. Lengths in range have at most 10 digits, so up to 18 are read
    /// (which cannot overflow) and more is an invalid length.
    /// </remarks>
    private static Number ReadNumber(ReadOnlySpan<byte> frame, int position, out long value, out int next)
    {
        value = 0;
        next = 0;
        var i = position + 1;
        var negative = i < frame.Length && frame[i] == '-';
        if (negative)
        {
            i++;
        }

        var digitsStart = i;
        for (; i < frame.Length; i++)
        {
            var digit = (uint)(frame[i] - '0');
            if (digit > 9)
            {
                break;
            }

            if (i - digitsStart == MaxNumberDigits)
            {
                return Number.Bad;
            }

            value = (value * 10) + digit;
        }

        if (i >= frame.Length)
        {
            return Number.Incomplete;
        }

        if (i == digitsStart || frame[i] != '\r')
        {
            return Number.Bad;
        }

        if (i + 1 == frame.Length)
        {
            return Number.Incomplete;
        }

        if (frame[i + 1] != '\n')
        {
            return Number.BadLineEnd;
        }

        if (negative)
        {
            value = -value;
        }

        next = i + 2;
        return Number.Ok;
    }

    private enum Number : byte
    {
        Ok,
        Incomplete,
        Bad,
        BadLineEnd,
    }
}

