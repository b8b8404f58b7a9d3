using System.Net;
using System.Net.Sockets;

namespace MiniStore.Client.Internal;

/// <summary>Opens the TCP connection: tries each address the host resolves to, within one deadline.</summary>
internal static class SocketConnector
{
    public static async Task<Socket> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var addresses = IPAddress.TryParse(host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, deadline.Token).ConfigureAwait(false);
            SocketException? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, port), deadline.Token).ConfigureAwait(false);
                    return socket;
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    last = ex;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            throw new MiniStoreConnectionException(
                $"Cannot connect to {host}:{port}: {last?.Message ?? "the host has no address"}.",
                last ?? new SocketException((int)SocketError.HostNotFound));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MiniStoreConnectionException($"Cannot connect to {host}:{port}: no answer within {timeout.TotalSeconds:0.###} s.");
        }
        catch (SocketException ex)
        {
            // DNS failures arrive here.
            throw new MiniStoreConnectionException($"Cannot connect to {host}:{port}: {ex.Message}.", ex);
        }
    }
}
