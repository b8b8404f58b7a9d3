namespace MiniStore.Server.Transport;

/// <summary>The socket's file descriptor of a connection the epoll transport serves (CLIENT LIST's fd).</summary>
internal interface IConnectionFileDescriptorFeature
{
    int Fd { get; }
}
