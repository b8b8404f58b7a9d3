namespace MiniStore.Protocol;

/// <summary>
/// One parsed request: a view over the command name and arguments, in either wire format. It copies nothing:
/// the bytes are slices of the read buffer or of the reader's scratch buffer, so it is valid only until the next
/// <see cref="RequestReader.TryRead"/> call or until the pipe is advanced. Copy whatever must outlive that.
/// </summary>
public readonly ref struct Request
{
    private readonly ReadOnlySpan<byte> _source;

    // Token 0 is the command name, tokens 1..n the arguments; offsets are into _source.
    private readonly ReadOnlySpan<Token> _tokens;

    internal Request(WireFormat format, ReadOnlySpan<byte> source, ReadOnlySpan<Token> tokens)
    {
        Format = format;
        _source = source;
        _tokens = tokens;
        Command = CommandNames.Recognize(Name);
    }

    private Request(WireFormat format, CommandId command, ReadOnlySpan<byte> source, ReadOnlySpan<Token> tokens)
    {
        Format = format;
        Command = command;
        _source = source;
        _tokens = tokens;
    }

    /// <summary>The format the request is answered in: how it was framed, unless <see cref="WithFormat"/> changed it.</summary>
    public WireFormat Format { get; }

    public CommandId Command { get; }

    /// <summary>The command name bytes as sent (for <c>unknown command 'x'</c>).</summary>
    public ReadOnlySpan<byte> Name => _tokens.IsEmpty ? default : Slice(_tokens[0]);

    /// <summary>The number of arguments after the name.</summary>
    public int ArgumentCount => _tokens.IsEmpty ? 0 : _tokens.Length - 1;

    /// <summary>Argument <paramref name="index"/> (0 is the first after the name), decoded: quotes and escapes resolved.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)ArgumentCount, nameof(index));
            return Slice(_tokens[index + 1]);
        }
    }

    /// <summary>
    /// The same request answered in <paramref name="format"/>: a line sent on a RESP connection is a Redis inline
    /// command, answered in RESP (protocol.md v2, dialect of a connection).
    /// </summary>
    public Request WithFormat(WireFormat format) => new(format, Command, _source, _tokens);

    /// <summary>The bytes the tokens are offsets into (the reader's buffer or scratch).</summary>
    internal ReadOnlySpan<byte> Source => _source;

    private ReadOnlySpan<byte> Slice(Token token) => _source.Slice(token.Offset, token.Length);
}
