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

    /// <summary>
    /// The command must wait (<see cref="Connections.Session.Suspension"/>): flush, await it, resume, then go on with the
    /// batch. A password check, a command held back by CLIENT PAUSE.
    /// </summary>
    Suspend,
}
