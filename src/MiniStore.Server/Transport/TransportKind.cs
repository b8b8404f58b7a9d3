namespace MiniStore.Server.Transport;

/// <summary>The transport behind Kestrel (<c>--transport</c>).</summary>
public enum TransportKind
{
    /// <summary>MiniStore's own epoll loops (Linux x86-64; elsewhere the sockets transport serves instead).</summary>
    Epoll,

    /// <summary>Kestrel's socket transport.</summary>
    Sockets,
}
