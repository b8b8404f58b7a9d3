using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniStore.Server.Tests;

/// <summary>
/// A deliberately plain socket client for tests: sends raw bytes, reads raw reply lines. Every read has a
/// deadline so a server bug fails the test instead of hanging it.
/// </summary>
public sealed class LineClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(20);

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[1024 * 1024];
    private int _start;
    private int _end;

    private LineClient(Socket socket) => _socket = socket;

    public static async Task<LineClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new LineClient(socket);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Sends one line (adds "\r\n") and reads one reply line.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadLineAsync();
    }

    /// <summary>One reply line without its "\n", decoded as Latin-1 so every byte maps to one char.</summary>
    public async Task<string> ReadLineAsync() => Encoding.Latin1.GetString(await ReadLineBytesAsync());

    public async Task<byte[]> ReadLineBytesAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline - _start).ToArray();
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidOperationException("Reply line longer than the test client's buffer.");
            }

            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), timeout.Token);
            if (read == 0)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }

            _end += read;
        }
    }

    /// <summary>Half-closes the connection: the server reads EOF, while replies can still be read.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>True when the server closes the connection (EOF) before the deadline; buffered replies are skipped.</summary>
    public async Task<bool> WaitForCloseAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            while (await _socket.ReceiveAsync(_buffer.AsMemory(), timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
