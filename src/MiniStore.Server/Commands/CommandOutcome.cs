namespace MiniStore.Server.Commands;

/// <summary>What the connection loop does after a command.</summary>
internal enum CommandOutcome : byte
{
    Continue,

    /// <summary>Flush what was written, then close the connection (QUIT, too many wrong passwords).</summary>
    Close,

    /// <summary>
    /// Replies have piled up past <see cref="Connections.StoreConnectionHandler.FlushThresholdBytes"/>: flush them
    /// (honouring the client's back-pressure) before executing the rest of the buffer.
    /// </summary>
    Flush,

    /// <summary>A password must be verified before the next request is read (<see cref="Connections.Session.PendingAuthentication"/>).</summary>
    VerifyPassword,

    /// <summary>CLIENT PAUSE holds the next command back: it was handed back to the reader and runs once the pause ends.</summary>
    Paused,
}
