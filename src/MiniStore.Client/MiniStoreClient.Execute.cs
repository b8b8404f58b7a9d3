using MiniStore.Client.Internal;

namespace MiniStore.Client;

/// <summary>Any command, for tools such as <c>ministore-cli</c>.</summary>
public sealed partial class MiniStoreClient
{
    /// <summary>
    /// Sends any command (name first) and returns its reply whatever its shape; a server error is returned as a
    /// <see cref="ReplyKind.Error"/> reply, not thrown. A lost connection still throws
    /// <see cref="MiniStoreConnectionException"/>. SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE and PUNSUBSCRIBE return the array
    /// of their confirmations, each <c>[kind, channel or nil, count]</c>; messages then come through
    /// <see cref="ReadMessagesAsync"/>.
    /// </summary>
    public Task<ClientReply> ExecuteAsync(IReadOnlyList<ReadOnlyMemory<byte>> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count == 0)
        {
            throw new ArgumentException("A command needs at least its name.", nameof(arguments));
        }

        var copy = arguments.ToArray();
        if (IsSubscriptionCommand(copy[0].Span, out var kind))
        {
            // One confirmation per channel or pattern (or pushes, in RESP3): returned together, as an array of them.
            cancellationToken.ThrowIfCancellationRequested();
            return _connection.SendSubscriptionAsync(copy, kind).WaitAsync(cancellationToken);
        }

        return _connection.SendAsync(copy, GenericReplies.DecoderFor(copy), cancellationToken, GenericReplies.FlagsFor(copy[0].Span));
    }

    /// <summary>As <see cref="ExecuteAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>, each argument UTF-8 encoded.</summary>
    public Task<ClientReply> ExecuteAsync(params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return ExecuteAsync([.. arguments.Select(argument => (ReadOnlyMemory<byte>)Encode(argument))]);
    }
}
