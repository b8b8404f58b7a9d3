using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniStore.Server.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with a password and no persistence: the oracle of the
/// differential tests. Adapted from MiniStore.Client.Tests' launcher (to move into a shared tests project later).
/// CI installs redis-server (.ci/run); elsewhere: <c>apt-get install redis-server</c>.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    public const string Password = "redis pass";

    private const int StartAttempts = 3;

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RedisServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>What redis-server printed so far (its log), for failure messages.</summary>
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public static async Task<RedisServerProcess> StartAsync()
    {
        // The free port is found by binding port 0 and letting it go, so another process may take it before
        // redis-server binds it; redis-server then exits at start and another port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var server = new RedisServerProcess(Launch(port), port);
            if (await server.WaitUntilListeningAsync())
            {
                return server;
            }

            var output = server.Output;
            await server.DisposeAsync();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"redis-server did not start on a free port after {StartAttempts} attempts:\n{output}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static Process Launch(int port)
    {
        var info = new ProcessStartInfo("redis-server")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] args =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", string.Empty,
            "--appendonly", "no",
            "--requirepass", Password,
            "--dir", Path.GetTempPath(),
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            return Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server); CI installs it.", ex);
        }
    }

    /// <summary>Polls with a deadline (never sleeps); false if redis-server exited first (its port was taken).</summary>
    private async Task<bool> WaitUntilListeningAsync()
    {
        var giveUp = DateTime.UtcNow + StartDeadline;
        while (true)
        {
            if (_process.HasExited)
            {
                return false;
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, Port);
                return !_process.HasExited;
            }
            catch (SocketException) when (DateTime.UtcNow < giveUp)
            {
                await Task.Yield();
            }
        }
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
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
