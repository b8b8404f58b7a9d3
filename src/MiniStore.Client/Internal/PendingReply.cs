namespace MiniStore.Client.Internal;

/// <summary>A request that has been written and waits for its reply, in the connection's FIFO.</summary>
internal interface IPendingReply
{
    /// <summary>When the request was queued, in <see cref="TimeProvider.GetTimestamp"/> units.</summary>
    long Started { get; }

    /// <summary>PASS or AUTH: an <c>OK</c> to it tells the reader that <c>Unauthorized</c> can no longer be an error.</summary>
    bool IsAuthentication { get; }

    void Complete(in RawReply reply);

    void Fail(Exception error);
}

/// <summary>
/// The completion of one request. It is its own <see cref="TaskCompletionSource{T}"/> so that a request costs one
/// object and its task. Continuations run asynchronously: a caller's code must never run on (and so stall) the
/// reader loop that completes every other request of the connection.
/// </summary>
internal sealed class PendingReply<T> : TaskCompletionSource<T>, IPendingReply
{
    private readonly ReplyDecoder<T> _decoder;

    // Only requests with a cancellable token pay for the lock guarding their registration.
    private readonly Lock? _registrationLock;
    private CancellationTokenRegistration _registration;

    public PendingReply(ReplyDecoder<T> decoder, long started, bool isAuthentication, bool cancellable)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _decoder = decoder;
        Started = started;
        IsAuthentication = isAuthentication;
        _registrationLock = cancellable ? new Lock() : null;
    }

    public long Started { get; }

    public bool IsAuthentication { get; }

    public void Complete(in RawReply reply)
    {
        try
        {
            TrySetResult(_decoder(reply));
        }
        catch (MiniStoreException ex)
        {
            TrySetException(ex);
        }

        Unregister();
    }

    public void Fail(Exception error)
    {
        TrySetException(error);
        Unregister();
    }

    /// <summary>
    /// Cancelling completes the caller's task at once but leaves this entry in the FIFO: its reply still comes
    /// and is discarded, so the replies after it stay matched to their requests.
    /// </summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        var registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((PendingReply<T>)state!).TrySetCanceled(token), this);
        lock (_registrationLock!)
        {
            if (Task.IsCompleted)
            {
                registration.Dispose();
                return;
            }

            _registration = registration;
        }
    }

    private void Unregister()
    {
        if (_registrationLock is null)
        {
            return;
        }

        CancellationTokenRegistration registration;
        lock (_registrationLock)
        {
            registration = _registration;
            _registration = default;
        }

        registration.Dispose();
    }
}
