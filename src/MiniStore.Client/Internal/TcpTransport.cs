using System.Net.Sockets;

namespace MiniStore.Client.Internal;

/// <summary>Makes the stream a connection is carried on out of the connected TCP stream (TLS: authenticate it).</summary>
internal delegate ValueTask<Stream> StreamWrapper(NetworkStream network, MiniStoreClientOptions options, CancellationToken cancellationToken);

/// <summary>
/// TCP, optionally with a layer over the stream. The layer is the seam for TLS: a wrapper that returns
/// <c>new SslStream(network)</c> after <c>AuthenticateAsClientAsync</c> (target host <c>options.Host</c>) is all a
/// TLS transport needs; reading, writing, pipelining and failure handling above the pipe stay as they are.
/// </summary>
internal sealed class TcpTransport(StreamWrapper? wrap = null) : IClientTransport
{
    /// <summary>Plain TCP: the connection is carried on the network stream itself.</summary>
    public static TcpTransport Plain { get; } = new();

    public async Task<StreamPipe> ConnectAsync(MiniStoreClientOptions options, CancellationToken cancellationToken)
    {
        var socket = await SocketConnector.ConnectAsync(options.Host, options.Port, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var network = new NetworkStream(socket, ownsSocket: true);
        if (wrap is null)
        {
            return new StreamPipe(socket, network);
        }

        try
        {
            return new StreamPipe(socket, await wrap(network, options, cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
