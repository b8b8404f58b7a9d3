using System.Text;

namespace MiniStore.Client.Internal;

/// <summary>
/// A SUBSCRIBE-family request in the connection's FIFO. Its answer is not one reply but one confirmation per channel
/// or pattern (RESP3 sends them as pushes), so it stays at the head of the FIFO until the last one arrives; it is
/// completed with all of them as an array. An ordinary reply in its place (an error such as NOAUTH) ends it.
/// </summary>
internal sealed class SubscriptionReply : TaskCompletionSource<ClientReply>, IPendingReply
{
    private readonly List<ClientReply> _confirmations = [];

    // How many confirmations end the request: one per argument; for UNSUBSCRIBE / PUNSUBSCRIBE without arguments,
    // known only when the first confirmation arrives (one per subscription then held, or one if there was none).
    private int _expected;

    public SubscriptionReply(SubscriptionKind kind, int arguments, long started)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Kind = kind;
        _expected = arguments;
        Started = started;
    }

    public SubscriptionKind Kind { get; }

    public long Started { get; }

    public bool IsAuthentication => false;

    /// <summary>
    /// Takes one confirmation of this request's kind; <paramref name="heldBefore"/> is how many subscriptions of that
    /// kind (channels or patterns) the connection held just before it. True once it was the last one.
    /// </summary>
    public bool Accept(ClientReply confirmation, int heldBefore)
    {
        if (_expected == 0)
        {
            _expected = Math.Max(1, heldBefore);
        }

        _confirmations.Add(confirmation);
        if (_confirmations.Count < _expected)
        {
            return false;
        }

        TrySetResult(ClientReply.Array(_confirmations));
        return true;
    }

    /// <summary>An ordinary reply where a confirmation was due: the server refused the request.</summary>
    public void Complete(in RawReply reply) => TrySetException(reply.Kind == RawKind.Error
        ? new MiniStoreServerException(Encoding.UTF8.GetString(reply.Bytes))
        : new MiniStoreProtocolException($"Unexpected reply of kind {reply.Kind} where a {Kind} confirmation was due."));

    public void Fail(Exception error) => TrySetException(error);
}
