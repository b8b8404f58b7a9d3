using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using static MiniStore.Server.Transport.EpollNative;

namespace MiniStore.Server.Transport;

/// <summary>
/// A listening socket for Kestrel whose connections are accepted by an epoll loop: the loop that sees the socket
/// readable accepts, makes the connection and hands it to Kestrel's accept loop, which continues on that thread. No
/// other thread wakes for an accept, and the accepted socket is non-blocking from accept4 on.
/// </summary>
internal sealed class EpollConnectionListener : IConnectionListener, IEpollTarget
{
    private const int Backlog = 512;

    /// <summary>How long accepting pauses when the process is out of descriptors or memory (the listen socket stays readable).</summary>
    private static readonly TimeSpan OutOfResourcesPause = TimeSpan.FromMilliseconds(50);

    private readonly Socket _listenSocket;
    private readonly int _listenFd;
    private readonly EpollTransportFactory _transport;
    private readonly EpollLoop _loop;
    private readonly Channel<EpollConnection> _accepted = Channel.CreateUnbounded<EpollConnection>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });

    private readonly Timer _resume;
    private volatile bool _closed;

    public EpollConnectionListener(EndPoint endpoint, EpollTransportFactory transport, EpollLoop loop)
    {
        _transport = transport;
        _loop = loop;
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
            EndPoint = _listenSocket.LocalEndPoint!;
            _listenSocket.Listen(Backlog);
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

        _listenFd = (int)_listenSocket.SafeHandle.DangerousGetHandle();
        _resume = new Timer(static s => ((EpollConnectionListener)s!).Resume(), this, Timeout.Infinite, Timeout.Infinite);

        // Level-triggered: one connection accepted per event, and the next epoll_wait reports the socket again while
        // more wait, so no accept ends in EAGAIN.
        if (!_loop.Add(this, _listenFd, EPOLLIN))
        {
            var error = Marshal.GetLastPInvokeError();
            _resume.Dispose();
            _listenSocket.Dispose();
            throw new SocketException(error);
        }
    }

    public EndPoint EndPoint { get; }

    public int Slot { get; set; }

    public uint Generation { get; set; }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public void OnEvents(uint events)
    {
        if (_closed)
        {
            return;
        }

        var handle = _listenSocket.SafeHandle;
        var referenced = false;
        try
        {
            // Holds the close of the listening socket off while it is used: an unbind never closes it under an accept.
            handle.DangerousAddRef(ref referenced);
            AcceptOne();
        }
        catch (ObjectDisposedException)
        {
            // Unbound.
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    private unsafe void AcceptOne()
    {
        var address = stackalloc byte[SockAddrStorageSize];
        var length = SockAddrStorageSize;
        var fd = accept4(_listenFd, address, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is EMFILE or ENFILE or ENOBUFS or ENOMEM)
            {
                // Out of descriptors or memory: a level-triggered socket would report itself again at once, so the
                // loop would spin; pause accepting instead, and let the backlog hold the callers meanwhile.
                _loop.Change(this, _listenFd, 0);
                _resume.Change(OutOfResourcesPause, Timeout.InfiniteTimeSpan);
            }

            // EAGAIN: another loop or a reset connection took it; anything else: the next event tries again.
            return;
        }

        var noDelay = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof(int));
        var remote = SockAddr.ToEndPoint(new ReadOnlySpan<byte>(address, Math.Min(length, SockAddrStorageSize)));
        if (_transport.Adopt(fd, remote) is not { } connection)
        {
            close(fd);
            return;
        }

        if (!_accepted.Writer.TryWrite(connection))
        {
            // Unbound meanwhile: nobody will serve it. Its close completes at once (nothing was sent or read yet).
            _ = connection.DisposeAsync().AsTask();
        }
    }

    public void OnFault(Exception exception)
    {
        // Accepting failed in a way it has never been seen to; the next event tries again.
    }

    private void Resume()
    {
        if (!_closed)
        {
            _loop.Change(this, _listenFd, EPOLLIN);
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _loop.Change(this, _listenFd, 0);
        _loop.Release(Slot);
        await _resume.DisposeAsync().ConfigureAwait(false);

        // The loop may be inside an accept on this socket: its handle's reference count defers the close until that ends.
        _listenSocket.Dispose();
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
