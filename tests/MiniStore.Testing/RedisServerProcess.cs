using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniStore.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port with a password and no persistence: the reference the client's
/// RESP mode and the server's differential tests are checked against. Started only once it accepts connections
/// (polled with a deadline, never a fixed sleep); killed on dispose, and on a start that fails.
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

    public static Task<RedisServerProcess> StartAsync() => StartAsync([]);

    /// <summary>
    /// As <see cref="StartAsync()"/>, with more redis-server arguments after ours (a later one wins: <c>--dir</c>,
    /// <c>--dbfilename</c> to read or write a chosen RDB file).
    /// </summary>
    public static async Task<RedisServerProcess> StartAsync(IReadOnlyList<string> extraArguments)
    {
        // The free port may be taken by another process before redis-server binds it; redis-server then exits at
        // start and another port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.Free();
            var server = new RedisServerProcess(Launch(port, extraArguments), port);
            bool listening;
            try
            {
                listening = await server.WaitUntilListeningAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }

            if (listening)
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

    private static Process Launch(int port, IReadOnlyList<string> extraArguments)
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
        foreach (var arg in args.Concat(extraArguments))
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

    /// <summary>
    /// Polls with a deadline (never sleeps); false if redis-server exited first (its port was taken). Past the
    /// deadline the last connection error is thrown.
    /// </summary>
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
}
