using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using MiniStore.Server;
using MiniStore.Server.Hosting;
using MiniStore.Server.Security;
using MiniStore.Server.Transport;

namespace MiniStore.Benchmarks.Server;

/// <summary>
/// The whole server path of a GET, in-process: a batch of <see cref="Pipeline"/> RESP GETs sent on one loopback
/// socket to the real Kestrel host, and every reply read back, on each transport. The allocation column is the
/// process's (the server's included): a GET must allocate nothing on either transport.
/// </summary>
[MemoryDiagnoser]
public class TransportRoundTripBenchmarks
{
    private const string Password = "bench";

    private WebApplication _app = null!;
    private PasswordVerifier _verifier = null!;
    private Socket _socket = null!;
    private byte[] _request = null!;
    private byte[] _buffer = null!;
    private int _replyBytes;

    [Params(TransportKind.Epoll, TransportKind.Sockets)]
    public TransportKind Transport { get; set; }

    [Params(1, 16)]
    public int Pipeline { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _verifier = PasswordVerifier.Create(Encoding.UTF8.GetBytes(Password), Argon2Parameters.Fast);
        _app = ServerHost.Build(new ServerSettings { Port = 0, Transport = Transport, LogLevel = LogLevel.None }, _verifier, configureLogging: l => l.ClearProviders());
        await _app.StartAsync();
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // A blocking connect: a socket that never went asynchronous does its blocking sends and receives with plain
        // system calls, so the allocation column counts the server's allocations, not the client's.
        _socket.Connect(new IPEndPoint(IPAddress.Loopback, ServerHost.BoundPort(_app)));
        _buffer = new byte[64 * 1024];
        Exchange(Encoding.ASCII.GetBytes($"*2\r\n$4\r\nAUTH\r\n${Password.Length}\r\n{Password}\r\n*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n"), "+OK\r\n+OK\r\n".Length);
        _request = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n", Pipeline)));
        _replyBytes = "$5\r\nvalue\r\n".Length * Pipeline;
    }

    [Benchmark]
    public int Get() => Exchange(_request, _replyBytes);

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _socket.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _verifier.Dispose();
    }

    private int Exchange(byte[] request, int replyBytes)
    {
        _socket.Send(request);
        var received = 0;
        while (received < replyBytes)
        {
            var read = _socket.Receive(_buffer, received, _buffer.Length - received, SocketFlags.None);
            if (read == 0)
            {
                throw new InvalidOperationException("the server closed the connection");
            }

            received += read;
        }

        return received;
    }
}
