namespace MiniStore.Client.Internal;

/// <summary>How a client reaches a server: connects, and hands back the connection's bytes as a pipe.</summary>
internal interface IClientTransport
{
    /// <exception cref="MiniStoreConnectionException">The server cannot be reached.</exception>
    Task<StreamPipe> ConnectAsync(MiniStoreClientOptions options, CancellationToken cancellationToken);
}
