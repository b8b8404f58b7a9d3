using System.Net;
using System.Net.Sockets;

namespace MiniStore.Testing;

/// <summary>Loopback ports for servers a test launches as separate processes.</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A port nothing listened on a moment ago: found by binding port 0 and letting it go, so another process may
    /// take it before the caller's server binds it.
    /// </summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
