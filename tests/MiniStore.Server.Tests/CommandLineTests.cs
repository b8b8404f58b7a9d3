using System.Net;
using System.Net.Sockets;

namespace MiniStore.Server.Tests;

/// <summary>The executable as a user runs it: flags, errors, start-up line and graceful shutdown.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--bogus")]
    [InlineData("pw", "notaport")]
    [InlineData("pw", "70000")]
    [InlineData("pw", "0")]
    [InlineData("")]
    [InlineData("pw", "8080", "extra")]
    [InlineData("pw", "--bind", "not-an-address")]
    [InlineData("pw", "--maxmemory", "lots")]
    [InlineData("pw", "--maxmemory-policy", "volatile-lru")]
    [InlineData("pw", "--max-request-bytes", "12")]
    [InlineData("pw", "--log-level", "Loud")]
    [InlineData("--password-file", "/nonexistent/pw.txt")]
    [InlineData("pw", "--transport", "iouring")]
    [InlineData("pw", "--io-threads", "0")]
    [InlineData("pw", "--io-threads", "65")]
    public async Task Bad_input_gives_one_clear_error_line_and_exit_code_2(params string[] args)
    {
        var (code, stdout, stderr) = await ServerProcess.RunAsync(args);
        Assert.Equal(2, code);
        Assert.StartsWith("ministore: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.Trim());
    }

    [Fact]
    public async Task No_password_at_all_is_a_usage_error()
    {
        var (code, _, stderr) = await ServerProcess.RunAsync();
        Assert.Equal(2, code);
        Assert.Contains("no password", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_flag()
    {
        var (code, stdout, _) = await ServerProcess.RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var flag in new[] { "--bind", "--password-file", "--max-request-bytes", "--maxmemory", "--maxmemory-policy", "--log-level", "--transport", "--io-threads", "--version", "--help", "<password>", "<port>" })
        {
            Assert.Contains(flag, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (code, stdout, _) = await ServerProcess.RunAsync("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
    }

    [Fact]
    public async Task Port_in_use_is_one_line_and_exit_code_1()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;
        var (code, _, stderr) = await ServerProcess.RunAsync("pw", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, code);
        Assert.Contains("address already in use", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_file_and_environment_variable_work_and_SIGINT_shuts_down_gracefully()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "from-file\n");
        try
        {
            var port = LoopbackPort.Free();
            await using var server = ServerProcess.Start(["--password-file", file, port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await server.WaitUntilListeningAsync(port);
            await using var client = await LineClient.ConnectAsync(port);
            Assert.Equal("OK", await client.CommandAsync("PASS from-file"));
            Assert.Equal("OK", await client.CommandAsync("SET k v"));
            await using var idle = await LineClient.ConnectAsync(port);

            await server.SignalAsync("INT");
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(5)));
            Assert.True(await client.WaitForCloseAsync());
            Assert.Contains("listening on 127.0.0.1:" + port, server.Stdout, StringComparison.Ordinal);
            Assert.Matches(@"transport: (epoll with \d+ I/O threads?|sockets[^)]*)\)", server.Stdout);
            Assert.Contains("Shutting down", server.Stdout, StringComparison.Ordinal);
            Assert.Contains("Stopped", server.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("from-file", server.Stdout + server.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Environment_password_and_SIGTERM()
    {
        var port = LoopbackPort.Free();
        await using var server = ServerProcess.Start(
            [port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["MINISTORE_PASSWORD"] = "from-env" });
        await server.WaitUntilListeningAsync(port);
        await using var client = await LineClient.ConnectAsync(port);
        Assert.Equal("ERR: invalid password", await client.CommandAsync("PASS wrong"));
        Assert.Equal("OK", await client.CommandAsync("PASS from-env"));

        await server.SignalAsync("TERM");
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("Authentication failed", server.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", server.Stdout, StringComparison.Ordinal);
    }
}
