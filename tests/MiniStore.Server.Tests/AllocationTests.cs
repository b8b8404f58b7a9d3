using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniStore.Server.Tests;

[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTestsRunAlone;

/// <summary>
/// Steady state through the real pipeline (socket, Kestrel, reader, dispatcher, store, reply writer) allocates
/// nothing per request for GET, DEL, TTL and PING, and only what is stored for a SET overwrite. Counted
/// process-wide with <see cref="GC.GetTotalAllocatedBytes(bool)"/>, so this collection runs alone and its
/// client reuses fixed buffers on synchronous sockets.
/// </summary>
[Collection(nameof(AllocationTests))]
public sealed class AllocationTests : IAsyncLifetime
{
    private const int Requests = 100_000;
    private const int Batch = 500;

    /// <summary>
    /// The smallest heap object is 24 bytes, so any per-request allocation shows as 24+ bytes per request; a
    /// fixed cost somewhere in the process during the window (a pipe segment, a timer) shows as a fraction.
    /// </summary>
    private const double NoPerRequestAllocation = 4.0;

    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync();
        await using var setup = await _server.ConnectAsync();
        Assert.Equal("OK", await setup.CommandAsync("SET key:00000001 " + new string('v', 32)));
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string, string, int> Cases => new()
    {
        // name, line request, RESP request (one each), newlines per reply (line, RESP)
        { "GET hit", "GET key:00000001", "*2\r\n$3\r\nGET\r\n$12\r\nkey:00000001\r\n", 1 },
        { "GET miss", "GET nope", "*2\r\n$3\r\nGET\r\n$4\r\nnope\r\n", 1 },
        { "DEL missing", "DEL nope", "*2\r\n$3\r\nDEL\r\n$4\r\nnope\r\n", 1 },
        { "TTL", "TTL key:00000001", "*2\r\n$3\r\nTTL\r\n$12\r\nkey:00000001\r\n", 1 },
        { "PING", "PING", "*1\r\n$4\r\nPING\r\n", 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Line_requests_allocate_nothing_per_request(string name, string line, string resp, int newlines)
    {
        _ = resp;
        var perRequest = MeasureAllocatedBytesPerRequest(line + "\r\n", newlines, isResp: false);
        Assert.True(perRequest < NoPerRequestAllocation, $"{name}: {perRequest:F2} bytes allocated per request");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resp_requests_allocate_nothing_per_request(string name, string line, string resp, int newlines)
    {
        _ = line;
        // A RESP bulk reply ($12\r\n...\r\n) has two line ends; integers and simple strings one.
        var replyNewlines = name == "GET hit" ? 2 : newlines;
        var perRequest = MeasureAllocatedBytesPerRequest(resp, replyNewlines, isResp: true);
        Assert.True(perRequest < NoPerRequestAllocation, $"{name}: {perRequest:F2} bytes allocated per request");
    }

    [Fact]
    public void SET_overwrite_allocates_only_what_it_stores()
    {
        var value = new string('w', 32);
        var perRequest = MeasureAllocatedBytesPerRequest($"SET key:00000002 {value}\r\n", 1, isResp: false);

        // One packed array replaces the old one: 24-byte array header + 12-byte deadline and LRU header + 32 bytes, rounded
        // up to 8 = 72 bytes. No entry object, and no new dictionary node (the node's value is overwritten in place).
        const int stored = 72;
        Assert.True(perRequest <= stored + 1, $"SET overwrite: {perRequest:F1} bytes per request, stored {stored}");
    }

    private double MeasureAllocatedBytesPerRequest(string request, int newlinesPerReply, bool isResp)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, _server.Port));
        var auth = isResp
            ? $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(InProcessServer.Password)}\r\n{InProcessServer.Password}\r\n"
            : $"PASS \"{InProcessServer.Password}\"\r\n";
        socket.Send(Encoding.UTF8.GetBytes(auth));
        var receive = new byte[256 * 1024];
        ReadNewlines(socket, receive, 1);

        var batch = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(request, Batch)));
        void Run(int requests)
        {
            for (var sent = 0; sent < requests; sent += Batch)
            {
                socket.Send(batch);
                ReadNewlines(socket, receive, Batch * newlinesPerReply);
            }
        }

        Run(Requests / 2); // warm up: tiered JIT, pipe buffers, dictionary growth
        var before = GC.GetTotalAllocatedBytes(precise: true);
        Run(Requests);
        var after = GC.GetTotalAllocatedBytes(precise: true);
        return (after - before) / (double)Requests;
    }

    private static void ReadNewlines(Socket socket, byte[] buffer, int count)
    {
        var seen = 0;
        while (seen < count)
        {
            var read = socket.Receive(buffer);
            if (read == 0)
            {
                throw new EndOfStreamException("server closed the connection");
            }

            seen += buffer.AsSpan(0, read).Count((byte)'\n');
        }
    }
}
