using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniStore.Client.Tests.Support;

/// <summary>
/// A one-connection fake server that answers only when the test says so: it makes "no reply yet" a state the
/// test controls, so timeouts and cancellation are tested without waiting for time to pass.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket? _accepted;
    private readonly StringBuilder _received = new();

    public ScriptedServer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        _accepted = await _listener.AcceptSocketAsync(timeout.Token);
    }

    /// <summary>Reads until <paramref name="count"/> request lines have arrived in all; returns them all so far.</summary>
    public async Task<string[]> ReceiveLinesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var buffer = new byte[4096];
        while (_received.ToString().Count(c => c == '\n') < count)
        {
            var read = await _accepted!.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                throw new EndOfStreamException("The client closed the connection.");
            }

            _received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return _received.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public async Task SendAsync(string text) => await _accepted!.SendAsync(Encoding.Latin1.GetBytes(text), SocketFlags.None);

    public void Close() => _accepted?.Dispose();

    public ValueTask DisposeAsync()
    {
        _accepted?.Dispose();
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}
