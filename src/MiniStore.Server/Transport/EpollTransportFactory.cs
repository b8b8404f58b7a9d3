using System.IO.Pipelines;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace MiniStore.Server.Transport;

/// <summary>
/// Kestrel's transport seam (<see cref="IConnectionListenerFactory"/>) filled with MiniStore's own epoll transport:
/// Kestrel stays the host and dispatches every connection to the <c>ConnectionHandler</c>; what changes is how bytes
/// move between the socket and the connection's pipes (see <see cref="EpollConnection"/>). Linux on x86-64 only;
/// elsewhere, or with <c>--transport sockets</c>, Kestrel's socket transport serves.
/// </summary>
internal sealed class EpollTransportFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector, IDisposable
{
    /// <summary>What one read asks the kernel for: a deep pipeline is read in few calls.</summary>
    private const int ReceiveSize = 16 * 1024;

    /// <summary>Unsent replies at which the application's flush waits for the socket (as Kestrel's default).</summary>
    private const int MaxWriteBufferSize = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly int _loopCount;
    private readonly PipeOptions _inputOptions;
    private readonly PipeOptions _outputOptions;
    private EpollLoop[]? _loops;
    private int _nextLoop;
    private bool _disposed;

    public EpollTransportFactory(int loopCount, long maxReadBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(loopCount, 1);
        _loopCount = loopCount;

        // Inline on both sides of the input pipe's reader: a flush from the loop runs the application right there. A
        // writer resumed after back-pressure continues on the thread pool, never inside the application's AdvanceTo.
        _inputOptions = new PipeOptions(
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.ThreadPool,
            pauseWriterThreshold: maxReadBufferSize,
            resumeWriterThreshold: maxReadBufferSize / 2,
            minimumSegmentSize: ReceiveSize,
            useSynchronizationContext: false);

        // The send loop runs inside the application's flush (no hop); an application held by back-pressure resumes on
        // the loop thread that saw the socket writable.
        _outputOptions = new PipeOptions(
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: MaxWriteBufferSize,
            resumeWriterThreshold: MaxWriteBufferSize / 2,
            useSynchronizationContext: false);
    }

    /// <summary>Whether this platform can run the transport: Linux, x86-64 (the epoll_event layout it declares).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    /// <summary>Whether <see cref="Dispose"/> has run: the loops have stopped and their descriptors are closed.</summary>
    internal bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _disposed;
            }
        }
    }

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not IPEndPoint)
        {
            throw new NotSupportedException($"The epoll transport listens on IP endpoints only, not {endpoint}.");
        }

        var loops = EnsureLoops();
        return ValueTask.FromResult<IConnectionListener>(new EpollConnectionListener(endpoint, this, loops[0]));
    }

    /// <summary>Makes an accepted, non-blocking socket a connection served by the next loop; null if it cannot be watched.</summary>
    internal EpollConnection? Adopt(int fd, EndPoint? remote)
    {
        var loops = EnsureLoops();
        var loop = loops[(int)((uint)Interlocked.Increment(ref _nextLoop) % (uint)loops.Length)];
        var connection = new EpollConnection(fd, remote, loop, _inputOptions, _outputOptions, ReceiveSize);
        connection.Start();

        // Not EPOLLOUT: a socket is writable almost always; it is asked for only once a send finds it full.
        return loop.Add(connection, fd, EpollNative.EPOLLIN | EpollNative.EPOLLRDHUP | EpollNative.EPOLLET) ? connection : null;
    }

    private EpollLoop[] EnsureLoops()
    {
        if (Volatile.Read(ref _loops) is { } loops)
        {
            return loops;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loops is null)
            {
                var created = new EpollLoop[_loopCount];
                for (var i = 0; i < created.Length; i++)
                {
                    created[i] = new EpollLoop(i);
                }

                Volatile.Write(ref _loops, created);
            }

            return _loops;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_loops is { } loops)
            {
                foreach (var loop in loops)
                {
                    loop.Dispose();
                }
            }
        }
    }
}
