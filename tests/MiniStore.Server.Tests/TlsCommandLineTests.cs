using System.Globalization;
using MiniStore.Server.Tests.Support;

namespace MiniStore.Server.Tests;

/// <summary>The TLS flags of the real executable: redis-server's names, one-line errors, port 0 for TLS only.</summary>
public sealed class TlsCommandLineTests : IDisposable
{
    private readonly TestCertificates _pki = TestCertificates.Create();

    public void Dispose() => _pki.Dispose();

    public static TheoryData<string[]> BadTls => new()
    {
        new[] { "pw", "--tls-port", "6380" },
        new[] { "pw", "--tls-port", "70000", "--tls-cert-file", "c", "--tls-key-file", "k" },
        new[] { "pw", "--tls-cert-file", "c", "--tls-key-file", "k" },
        new[] { "pw", "--tls-port", "6380", "--tls-cert-file", "/nonexistent/server.crt", "--tls-key-file", "/nonexistent/server.key" },
        new[] { "pw", "0" },
        new[] { "pw", "--port", "0" },
        new[] { "pw", "6379", "--port", "6380" },
    };

    [Theory]
    [MemberData(nameof(BadTls))]
    public async Task Bad_tls_flags_give_one_clear_error_line_and_exit_code_2(string[] args)
    {
        var (code, stdout, stderr) = await ServerProcess.RunAsync(args);
        Assert.Equal(2, code);
        Assert.StartsWith("ministore: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.Trim());
    }

    [Theory]
    [InlineData("maybe", "invalid --tls-auth-clients 'maybe'")]
    [InlineData("yes", "needs --tls-ca-cert-file")]
    public async Task Client_auth_needs_a_ca_and_a_known_mode(string mode, string message)
    {
        var (code, _, stderr) = await ServerProcess.RunAsync(
            "pw", "--tls-port", "6380", "--tls-cert-file", _pki.ServerCertFile, "--tls-key-file", _pki.ServerKeyFile, "--tls-auth-clients", mode);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_does_not_match_the_certificate_is_a_usage_error()
    {
        var (code, _, stderr) = await ServerProcess.RunAsync(
            "pw", "--tls-port", "6380", "--tls-cert-file", _pki.ServerCertFile, "--tls-key-file", _pki.ClientKeyFile);
        Assert.Equal(2, code);
        Assert.Contains("cannot load --tls-cert-file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_0_serves_tls_only_with_mutual_tls_as_redis_server_takes_it()
    {
        var tlsPort = LoopbackPort.Free();
        var port = tlsPort.ToString(CultureInfo.InvariantCulture);
        await using var server = ServerProcess.Start(
        [
            InProcessServer.Password, "0", "--tls-port", port,
            "--tls-cert-file", _pki.ServerCertFile, "--tls-key-file", _pki.ServerKeyFile, "--tls-ca-cert-file", _pki.CaFile,
        ]);
        await server.WaitUntilListeningAsync(tlsPort);

        var (_, stdout, _) = await ExternalTool.RunAsync("redis-cli",
            "--tls", "--cacert", _pki.CaFile, "--cert", _pki.ClientCertFile, "--key", _pki.ClientKeyFile,
            "-p", port, "-a", InProcessServer.Password, "--no-auth-warning", "CONFIG", "GET", "*port");
        Assert.Equal(["port", "0", "tls-port", port], stdout.Trim().Split('\n'));
        Assert.False((await TlsProbe.PingAsync(tlsPort, _pki.Ca)).Answered);
        Assert.Contains("TLS listening on 127.0.0.1:" + port, server.Stdout, StringComparison.Ordinal);
        Assert.Contains("client certificates: Yes", server.Stdout, StringComparison.Ordinal);

        await server.SignalAsync("TERM");
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Help_lists_the_tls_flags()
    {
        var (code, stdout, _) = await ServerProcess.RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var flag in new[] { "--port", "--tls-port", "--tls-cert-file", "--tls-key-file", "--tls-ca-cert-file", "--tls-auth-clients" })
        {
            Assert.Contains(flag, stdout, StringComparison.Ordinal);
        }
    }
}
