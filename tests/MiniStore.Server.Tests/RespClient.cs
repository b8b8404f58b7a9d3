using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniStore.Server.Tests;

/// <summary>
/// A minimal, independent RESP2/RESP3 client for tests: encodes commands as arrays of bulk strings and
/// decodes replies into plain objects (string for simple/bulk, RespError, long, null, object?[] for
/// arrays, Dictionary for maps). It does not use the Protocol library it is testing.
/// </summary>
public sealed class RespClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _input;

    private RespClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket);
        _input = new BufferedStream(_stream, 64 * 1024);
        _stream.ReadTimeout = 20_000;
    }

    public static async Task<RespClient> ConnectAsync(int port, string? password = InProcessServer.Password)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var client = new RespClient(socket);
        if (password is not null)
        {
            Assert.Equal("OK", await client.CommandAsync("AUTH", password));
        }

        return client;
    }

    public static byte[] Encode(params object[] args)
    {
        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (var arg in args)
        {
            var bytes = arg as byte[] ?? Encoding.UTF8.GetBytes(arg.ToString()!);
            output.Write(Encoding.ASCII.GetBytes($"${bytes.Length}\r\n"));
            output.Write(bytes);
            output.Write("\r\n"u8);
        }

        return output.ToArray();
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await _stream.WriteAsync(bytes);

    public async Task<object?> CommandAsync(params object[] args)
    {
        await SendAsync(Encode(args));
        return ReadReply();
    }

    public object? ReadReply()
    {
        var line = ReadLine();
        var payload = line[1..];
        switch (line[0])
        {
            case '+':
                return payload;
            case '-':
                return new RespError(payload);
            case ':':
                return long.Parse(payload, System.Globalization.CultureInfo.InvariantCulture);
            case '_':
                return null;
            case '$':
                var length = int.Parse(payload, System.Globalization.CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var data = new byte[length + 2];
                _input.ReadExactly(data);
                return Encoding.Latin1.GetString(data, 0, length);
            case '*':
                var count = int.Parse(payload, System.Globalization.CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new object?[count];
                for (var i = 0; i < count; i++)
                {
                    items[i] = ReadReply();
                }

                return items;
            case '%':
                var pairs = int.Parse(payload, System.Globalization.CultureInfo.InvariantCulture);
                var map = new Dictionary<string, object?>();
                for (var i = 0; i < pairs; i++)
                {
                    var key = (string)ReadReply()!;
                    map[key] = ReadReply();
                }

                return map;
            default:
                throw new InvalidDataException($"unexpected RESP type in '{line}'");
        }
    }

    /// <summary>True when the server closes the connection (EOF) before the deadline.</summary>
    public bool WaitForClose()
    {
        try
        {
            var buffer = new byte[1024];
            while (_input.Read(buffer) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _input.Dispose();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private string ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = _input.ReadByte();
            if (b < 0)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }

            if (b == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)b);
        }
    }
}

public sealed record RespError(string Message);
