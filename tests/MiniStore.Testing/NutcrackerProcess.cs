using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniStore.Testing;

/// <summary>
/// A real twemproxy (<c>nutcracker</c>, Debian package <c>nutcracker</c>) on a free loopback port, with its
/// configuration, log and pid file in a temporary directory of its own and its stats port on a free loopback port
/// too. Started only once it answers <c>AUTH</c> and <c>PING</c> (polled with a deadline); killed on dispose and on a
/// start that fails. CI installs nutcracker (.ci/run); a machine without it fails the test that needs it, by design.
/// </summary>
public sealed class NutcrackerProcess : IAsyncDisposable
{
    private const int StartAttempts = 3;

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly StringBuilder _output = new();

    private NutcrackerProcess(Process process, DirectoryInfo directory, int port, int statsPort)
    {
        _process = process;
        _directory = directory;
        Port = port;
        StatsPort = statsPort;
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Where clients connect.</summary>
    public int Port { get; }

    /// <summary>The stats port (a JSON document per connection).</summary>
    public int StatsPort { get; }

    /// <summary>What nutcracker printed and logged so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            string printed;
            lock (_output)
            {
                printed = _output.ToString();
            }

            var log = Path.Combine(_directory.FullName, "nutcracker.log");
            return File.Exists(log) ? printed + File.ReadAllText(log) : printed;
        }
    }

    /// <summary>The nutcracker executable: on PATH, or in /usr/sbin (not on every user's PATH) where Debian puts it.</summary>
    public static string? FindExecutable()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Append("/usr/local/sbin");
        return directories.Select(d => Path.Combine(d, "nutcracker")).FirstOrDefault(File.Exists);
    }

    public static async Task<NutcrackerProcess> StartAsync(TwemproxyPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "nutcracker (twemproxy) is not installed: apt-get install nutcracker. CI installs it (.ci/run); " +
            "the twemproxy tests need it and fail without it.");

        // A free port may be taken by another process before nutcracker binds it; nutcracker then exits at start
        // and other ports are tried.
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.Free();
            var statsPort = LoopbackPort.Free();
            var directory = Directory.CreateTempSubdirectory("ministore-nutcracker-");
            var config = Path.Combine(directory.FullName, "nutcracker.yml");
            await File.WriteAllTextAsync(config, pool.ToYaml(port));
            var proxy = new NutcrackerProcess(Launch(executable, directory.FullName, config, statsPort), directory, port, statsPort);
            bool answering;
            try
            {
                answering = await proxy.WaitUntilAnsweringAsync(pool.Password);
            }
            catch
            {
                await proxy.DisposeAsync();
                throw;
            }

            if (answering)
            {
                return proxy;
            }

            var output = proxy.Output;
            await proxy.DisposeAsync();
            if (attempt == StartAttempts)
            {
                throw new InvalidOperationException($"nutcracker did not start on free ports after {StartAttempts} attempts:\n{output}");
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
        _directory.Delete(recursive: true);
    }

    private static Process Launch(string executable, string directory, string config, int statsPort)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] args =
        [
            "--conf-file", config,
            "--stats-addr", "127.0.0.1",
            "--stats-port", statsPort.ToString(CultureInfo.InvariantCulture),
            "--output", Path.Combine(directory, "nutcracker.log"),
            "--pid-file", Path.Combine(directory, "nutcracker.pid"),
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    /// <summary>
    /// Polls with a deadline (never sleeps) until the proxy accepts a connection and answers AUTH and PING; false if
    /// nutcracker exited first (a port was taken). Past the deadline the last error is thrown.
    /// </summary>
    private async Task<bool> WaitUntilAnsweringAsync(string password)
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
                var reply = await AuthAndPingAsync(password);
                if (reply == "+OK\r\n+PONG\r\n")
                {
                    return !_process.HasExited;
                }

                throw new InvalidOperationException($"nutcracker answered AUTH and PING with '{reply}':\n{Output}");
            }
            catch (Exception ex) when (ex is SocketException or IOException && DateTime.UtcNow < giveUp)
            {
                await Task.Yield();
            }
        }
    }

    private async Task<string> AuthAndPingAsync(string password)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(IPAddress.Loopback, Port, cancel.Token);
        var secret = Encoding.UTF8.GetBytes(password);
        var request = Encoding.UTF8.GetBytes($"*2\r\n$4\r\nAUTH\r\n${secret.Length}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n");
        await socket.SendAsync(request, SocketFlags.None, cancel.Token);
        var received = new StringBuilder();
        var buffer = new byte[256];
        while (received.ToString().Count(c => c == '\n') < 2)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
            if (read == 0)
            {
                throw new IOException($"nutcracker closed the connection after '{received}'");
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return received.ToString();
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
