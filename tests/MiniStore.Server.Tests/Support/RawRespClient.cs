using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniStore.Server.Tests.Support;

/// <summary>
/// A raw RESP client for differential tests: sends a command as an array of bulk strings and reads back one complete
/// reply as its exact bytes (any type, nested), so two servers' replies can be compared byte for byte.
/// <see cref="RespClient"/> decodes replies into objects, which would hide differences such as <c>+OK</c> against
/// <c>$2 OK</c>. Every read has a deadline, so a server that never answers fails the test instead of hanging it.
/// </summary>
public sealed class RawRespClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private RawRespClient(Socket socket, string name, TimeSpan timeout)
    {
        _socket = socket;
        Name = name;
        _timeout = timeout;
    }

    /// <summary>Who is on the other end, for messages.</summary>
    public string Name { get; }

    public static async Task<RawRespClient> ConnectAsync(int port, string name, TimeSpan? timeout = null)
    {
        var deadline = timeout ?? DefaultTimeout;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cancel = new CancellationTokenSource(deadline);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawRespClient(socket, name, deadline);
    }

    public static byte[] Encode(IReadOnlyList<byte[]> args)
    {
        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes($"*{args.Count}\r\n"));
        foreach (var arg in args)
        {
            output.Write(Encoding.ASCII.GetBytes($"${arg.Length}\r\n"));
            output.Write(arg);
            output.Write("\r\n"u8);
        }

        return output.ToArray();
    }

    /// <summary>Command words as UTF-8 (test convenience).</summary>
    public static byte[][] Words(params string[] words) => words.Select(Encoding.UTF8.GetBytes).ToArray();

    public async Task<byte[]> CommandAsync(IReadOnlyList<byte[]> args)
    {
        await SendAsync(Encode(args));
        return await ReadReplyAsync();
    }

    public Task<byte[]> CommandAsync(params string[] words) => CommandAsync(Words(words));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        using var cancel = new CancellationTokenSource(_timeout);
        await _socket.SendAsync(bytes, SocketFlags.None, cancel.Token);
    }

    /// <summary>The exact bytes of the next complete reply.</summary>
    public async Task<byte[]> ReadReplyAsync()
    {
        using var cancel = new CancellationTokenSource(_timeout);
        while (true)
        {
            if (RespFrame.TryMeasure(_buffer.AsSpan(_start, _end - _start), out var length))
            {
                var reply = _buffer.AsSpan(_start, length).ToArray();
                _start += length;
                return reply;
            }

            MakeRoom();
            int read;
            try
            {
                read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancel.Token);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name}: no complete reply within {_timeout.TotalSeconds:0.#} s; received {RespFrame.Escape(_buffer.AsSpan(_start, _end - _start))}");
            }

            if (read == 0)
            {
                throw new EndOfStreamException($"{Name} closed the connection; received {RespFrame.Escape(_buffer.AsSpan(_start, _end - _start))}");
            }

            _end += read;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private void MakeRoom()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
    }
}
