namespace MiniStore.Client.Internal;

/// <summary>How a connection ends: every waiting request fails, and so does every later one.</summary>
internal sealed partial class ClientConnection
{
    /// <summary>
    /// Fails the connection once: the first reason wins. Requests queued before it fail with their own copy of
    /// the reason (an exception object must not be rethrown from many tasks at once).
    /// </summary>
    private void Fail(Exception reason, IPendingReply? culprit = null, Exception? culpritError = null)
    {
        lock (_sync)
        {
            if (_failure is not null)
            {
                return;
            }

            _failure = reason;
        }

        // Aborting the transport ends both loops; a late reply can then never be matched to the wrong request.
        _transport.Abort();
        _pushes.Writer.TryComplete(CopyOf(reason));
        _messages.Writer.TryComplete(CopyOf(reason));

        while (_pending.TryDequeue(out var pending))
        {
            pending.Fail(ReferenceEquals(pending, culprit) && culpritError is not null ? culpritError : CopyOf(reason));
        }
    }

    private MiniStoreConnectionException ClosedError()
    {
        if (_failure is { } failure)
        {
            return CopyOf(failure);
        }

        return new MiniStoreConnectionException($"The connection to {_endpoint} is closing: {_closingReason}.");
    }

    private static MiniStoreConnectionException CopyOf(Exception reason) =>
        reason is MiniStoreConnectionException { InnerException: { } inner } connection
            ? new MiniStoreConnectionException(connection.Message, inner)
            : new MiniStoreConnectionException(reason.Message, reason);

    /// <summary>
    /// The watchdog. Replies come in request order, so the oldest request's deadline is the first. A request
    /// that outlives the timeout fails the whole connection rather than being skipped: the server or the network
    /// has stalled, every request behind it waits on the same stall, and a reply that arrives later could only
    /// be matched correctly by keeping the slot — which would leave callers timing out one by one on a dead link.
    /// </summary>
    private void CheckTimeout()
    {
        if (!_pending.TryPeek(out var oldest) || _time.GetElapsedTime(oldest.Started) < _timeout)
        {
            return;
        }

        var timeout = new TimeoutException(
            $"No reply from {_endpoint} within {_timeout.TotalSeconds:0.###} s; the connection was closed so that no later reply is mismatched.");
        Fail(new MiniStoreConnectionException(timeout.Message, timeout), oldest, timeout);
    }
}
