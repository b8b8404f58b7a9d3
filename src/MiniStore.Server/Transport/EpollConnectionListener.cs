using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace MiniStore.Server.Transport;

/// <summary>
/// A listening socket for Kestrel: accepts with .NET's own asynchronous accept, then hands each socket to one of the
/// transport's loops.
/// </summary>
internal sealed class EpollConnectionListener : IConnectionListener
{
    private const int Backlog = 512;

    private readonly Socket _listenSocket;
    private readonly EpollTransportFactory _transport;

    public EpollConnectionListener(EndPoint endpoint, EpollTransportFactory transport)
    {
        _transport = transport;
        var ip = (IPEndPoint)endpoint;
        _listenSocket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (ip.Address.Equals(IPAddress.IPv6Any))
        {
            // As Kestrel: [::] serves IPv4 clients too.
            _listenSocket.DualMode = true;
        }

        try
        {
            _listenSocket.Bind(ip);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            _listenSocket.Dispose();
            throw new AddressInUseException(ex.Message, ex);
        }
        catch
        {
            _listenSocket.Dispose();
            throw;
        }

        EndPoint = _listenSocket.LocalEndPoint!;
        _listenSocket.Listen(Backlog);
    }

    public EndPoint EndPoint { get; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _listenSocket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
            {
                return null;
            }
            catch (SocketException)
            {
                // Reset while it waited in the backlog (or out of descriptors, as Kestrel's transport): the next one.
                continue;
            }

            if (_transport.Adopt(accepted) is { } connection)
            {
                return connection;
            }
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _listenSocket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _listenSocket.Dispose();
        return ValueTask.CompletedTask;
    }
}
