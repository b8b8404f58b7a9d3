using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MiniStore.Client.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with a password and no persistence, so the client's RESP
/// mode is checked against the reference implementation. CI installs redis-server (.ci/run); elsewhere:
/// <c>apt-get install redis-server</c>.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    public const string Password = "redis pass";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly Process _process;

    private RedisServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<RedisServerProcess> StartAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", Password })
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server); CI installs it.", ex);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServerProcess(process, port);
        await server.WaitUntilListeningAsync();
        return server;
    }

    public MiniStoreClientOptions Options(string? password = Password) =>
        new() { Port = Port, Password = password, Protocol = MiniStore.Protocol.WireFormat.Resp };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        var giveUp = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            Assert.False(_process.HasExited, "redis-server exited at start.");
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < giveUp)
            {
                await Task.Yield();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
