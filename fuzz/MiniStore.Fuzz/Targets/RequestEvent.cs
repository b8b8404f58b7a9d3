using MiniStore.Protocol;

namespace MiniStore.Fuzz.Targets;

/// <summary>What one <see cref="RequestReader.TryRead"/> call reported, copied out so two runs can be compared.</summary>
internal readonly record struct RequestEvent(ReadStatus Status, WireFormat Format, ProtocolErrorKind Error, byte[][] Tokens)
{
    public static RequestEvent Of(ReadStatus status, in Request request, ProtocolError error)
    {
        if (status != ReadStatus.Request)
        {
            return new RequestEvent(status, default, error.Kind, []);
        }

        var tokens = new byte[request.ArgumentCount + 1][];
        tokens[0] = request.Name.ToArray();
        for (var i = 0; i < request.ArgumentCount; i++)
        {
            tokens[i + 1] = request[i].ToArray();
        }

        return new RequestEvent(status, request.Format, ProtocolErrorKind.None, tokens);
    }

    public bool SameAs(RequestEvent other) =>
        Status == other.Status && Format == other.Format && Error == other.Error && SameTokens(Tokens, other.Tokens);

    public static bool SameTokens(byte[][] a, byte[][] b) =>
        a.Length == b.Length && a.Zip(b).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));

    public override string ToString() =>
        $"{Status} {Format} {Error} [{string.Join(", ", Tokens.Select(t => Convert.ToHexString(t)))}]";
}
