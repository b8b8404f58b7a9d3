using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace MiniStore.Client.Internal;

/// <summary>
/// The bytes of one connection: a stream over a connected socket, read and written as an <see cref="IDuplexPipe"/>.
/// The stream is whatever the transport made of the socket (a <see cref="NetworkStream"/> for TCP; an SslStream
/// over one for TLS), so the connection above never knows which. The socket is kept for
/// <see cref="Abort"/>: a stream cannot be closed from another thread while a read or write is pending on it.
/// </summary>
internal sealed class StreamPipe : IDuplexPipe, IAsyncDisposable
{
    // One read takes whatever arrived, up to this: many pipelined replies per read.
    private const int ReadBufferBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;

    public StreamPipe(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: ReadBufferBytes, leaveOpen: true));

        // The connection writes whole batches with WriteAsync, which a stream writer passes to the stream as they
        // are: no copy into the pipe's own buffers.
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public EndPoint? RemoteEndPoint => _socket.RemoteEndPoint;

    /// <summary>Ends both directions at once, from any thread: a pending read sees the end, a pending write fails.</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    /// <summary>Call once the loops reading and writing the pipes have ended.</summary>
    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync().ConfigureAwait(false);
        await Output.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
