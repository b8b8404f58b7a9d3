namespace MiniStore.Protocol;

/// <summary>
/// A <see cref="Request"/> that outlives the read buffer: its name and arguments copied into one array. A command
/// queued by MULTI is kept this way until EXEC runs it.
/// </summary>
public sealed class RequestCopy
{
    private readonly byte[] _bytes;
    private readonly Token[] _tokens;

    private RequestCopy(WireFormat format, CommandId command, byte[] bytes, Token[] tokens)
    {
        Format = format;
        Command = command;
        _bytes = bytes;
        _tokens = tokens;
    }

    public WireFormat Format { get; }

    public CommandId Command { get; }

    /// <summary>The bytes held (name and arguments), for a transaction's memory figures.</summary>
    public int Size => _bytes.Length;

    public static RequestCopy Of(in Request request)
    {
        var count = request.ArgumentCount + 1;
        var total = request.Name.Length;
        for (var i = 0; i < request.ArgumentCount; i++)
        {
            total += request[i].Length;
        }

        var bytes = new byte[total];
        var tokens = new Token[count];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var part = i == 0 ? request.Name : request[i - 1];
            part.CopyTo(bytes.AsSpan(offset));
            tokens[i] = new Token(offset, part.Length);
            offset += part.Length;
        }

        return new RequestCopy(request.Format, request.Command, bytes, tokens);
    }

    /// <summary>A view of the copy, valid for as long as the copy is.</summary>
    public Request AsRequest() => new(Format, _bytes, _tokens);
}
