namespace MiniStore.Protocol;

/// <summary>The outcome of one <see cref="RequestReader.TryRead"/> call.</summary>
public enum ReadStatus : byte
{
    /// <summary>A request was read and consumed.</summary>
    Request,

    /// <summary>The buffer holds no complete request; read more and call again with the unconsumed bytes in front.</summary>
    NeedMoreData,

    /// <summary>A malformed line (unbalanced quotes) was consumed: reply with the error and go on.</summary>
    Error,

    /// <summary>A line is longer than <see cref="RequestReader.MaxRequestBytes"/>; reported once, the rest of it is discarded.</summary>
    TooLarge,

    /// <summary>Unrecoverable RESP framing error: reply with the error, then close the connection.</summary>
    Fatal,
}
