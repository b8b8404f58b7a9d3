using System.Globalization;
using System.Security.Authentication;
using MiniStore.Server.Tests.Support;
using MiniStore.Server.Tls;
using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>
/// The TLS port (Kestrel's TLS middleware in front of the connection handler) driven by real TLS clients: redis-cli
/// and redis-benchmark (built with OpenSSL), StackExchange.Redis, and SslStream by hand. The PKI is made per test.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _pki = TestCertificates.Create();

    public void Dispose() => _pki.Dispose();

    private Task<InProcessServer> StartAsync(string? caFile = null, TlsClientAuth auth = TlsClientAuth.No, bool plain = true) =>
        InProcessServer.StartAsync(
            time: TimeProvider.System,
            settings: new ServerSettings
            {
                ListenPlain = plain,
                Tls = new TlsSettings { CertificateFile = _pki.ServerCertFile, KeyFile = _pki.ServerKeyFile, CaCertificateFile = caFile, AuthClients = auth },
            });

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Task<(int ExitCode, string Stdout, string Stderr)> RedisCliAsync(int port, IEnumerable<string> tls, params string[] command) =>
        ExternalTool.RunAsync("redis-cli", [.. tls, "-p", Text(port), "-a", InProcessServer.Password, "--no-auth-warning", .. command]);

    [Fact]
    public async Task Redis_cli_speaks_tls_to_the_tls_port_and_plaintext_to_the_other()
    {
        await using var server = await StartAsync();
        string[] tls = ["--tls", "--cacert", _pki.CaFile];

        Assert.Equal("OK", (await RedisCliAsync(server.TlsPort, tls, "SET", "greeting", "over tls")).Stdout.Trim());
        Assert.Equal("over tls", (await RedisCliAsync(server.TlsPort, tls, "GET", "greeting")).Stdout.Trim());

        // The same store behind both ports.
        Assert.Equal("over tls", (await RedisCliAsync(server.Port, [], "GET", "greeting")).Stdout.Trim());
    }

    [Fact]
    public async Task Redis_benchmark_over_tls_runs_without_errors()
    {
        await using var server = await StartAsync(_pki.CaFile, TlsClientAuth.Yes);
        var (code, stdout, stderr) = await ExternalTool.RunAsync("redis-benchmark",
            "--tls", "--cacert", _pki.CaFile, "--cert", _pki.ClientCertFile, "--key", _pki.ClientKeyFile,
            "-p", Text(server.TlsPort), "-a", InProcessServer.Password, "-t", "set,get", "-n", "2000", "-c", "4", "-P", "4", "-q");
        var output = (stdout + stderr).Replace('\r', '\n');
        Assert.Equal(0, code);
        Assert.DoesNotContain("error", output, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(@"(?m)^SET: .*requests per second", output);
        Assert.Matches(@"(?m)^GET: .*requests per second", output);
    }

    [Fact]
    public async Task Mutual_tls_refuses_a_client_without_a_certificate_from_the_ca()
    {
        await using var server = await StartAsync(_pki.CaFile, TlsClientAuth.Yes);
        using var stranger = TestCertificates.Create("Some Other CA");

        var withCertificate = await RedisCliAsync(server.TlsPort, ["--tls", "--cacert", _pki.CaFile, "--cert", _pki.ClientCertFile, "--key", _pki.ClientKeyFile], "PING");
        Assert.Equal("PONG", withCertificate.Stdout.Trim());

        var without = await RedisCliAsync(server.TlsPort, ["--tls", "--cacert", _pki.CaFile], "PING");
        Assert.DoesNotContain("PONG", without.Stdout, StringComparison.Ordinal);

        Assert.True((await TlsProbe.PingAsync(server.TlsPort, _pki.Ca, _pki.Client)).Answered);
        var none = await TlsProbe.PingAsync(server.TlsPort, _pki.Ca);
        Assert.False(none.Answered, none.Reply);
        var foreign = await TlsProbe.PingAsync(server.TlsPort, _pki.Ca, stranger.Client);
        Assert.False(foreign.Answered, foreign.Reply);
    }

    [Fact]
    public async Task Optional_client_auth_accepts_no_certificate_but_refuses_a_foreign_one()
    {
        await using var server = await StartAsync(_pki.CaFile, TlsClientAuth.Optional);
        using var stranger = TestCertificates.Create("Some Other CA");

        Assert.True((await TlsProbe.PingAsync(server.TlsPort, _pki.Ca)).Answered);
        Assert.True((await TlsProbe.PingAsync(server.TlsPort, _pki.Ca, _pki.Client)).Answered);
        var foreign = await TlsProbe.PingAsync(server.TlsPort, _pki.Ca, stranger.Client);
        Assert.False(foreign.Answered, foreign.Reply);
    }

    [Fact]
    public async Task StackExchange_Redis_connects_with_ssl_trusting_the_test_ca()
    {
        await using var server = await StartAsync();
        var options = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", server.TlsPort } },
            Password = InProcessServer.Password,
            Ssl = true,
            SslHost = "127.0.0.1",
            AbortOnConnectFail = true,
            ConnectTimeout = 15_000,
            SyncTimeout = 15_000,
            AsyncTimeout = 15_000,
        };
        options.TrustIssuer(_pki.CaFile);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var db = redis.GetDatabase();
        Assert.True(await db.StringSetAsync("k", "v", TimeSpan.FromSeconds(60)));
        Assert.Equal("v", (string?)await db.StringGetAsync("k"));
        await db.HashSetAsync("h", "f", "1");
        Assert.Equal(2, await db.HashIncrementAsync("h", "f"));
    }

    [Fact]
    public async Task A_certificate_renewed_on_disk_is_served_to_the_next_connection()
    {
        await using var server = await StartAsync();
        var first = await TlsProbe.PingAsync(server.TlsPort, _pki.Ca);
        Assert.True(first.Answered, first.Reply);
        Assert.Equal(_pki.Server.Thumbprint, first.ServerCertificate!.Thumbprint);

        var renewed = _pki.WriteServerCertificate("ministore-server-renewed");
        var second = await TlsProbe.PingAsync(server.TlsPort, _pki.Ca);
        Assert.True(second.Answered, second.Reply);
        Assert.Equal(renewed.Thumbprint, second.ServerCertificate!.Thumbprint);
        Assert.NotEqual(first.ServerCertificate.Thumbprint, second.ServerCertificate.Thumbprint);
    }

    [Fact]
    public async Task A_broken_certificate_on_disk_keeps_the_previous_one_in_service()
    {
        await using var server = await StartAsync();
        var before = _pki.Server.Thumbprint;
        await File.WriteAllTextAsync(_pki.ServerCertFile, "-----BEGIN CERTIFICATE-----\nnot base64\n");

        var probe = await TlsProbe.PingAsync(server.TlsPort, _pki.Ca);
        Assert.True(probe.Answered, probe.Reply);
        Assert.Equal(before, probe.ServerCertificate!.Thumbprint);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_1_2_and_1_3_are_served(SslProtocols protocol)
    {
        await using var server = await StartAsync();
        var probe = await TlsProbe.PingAsync(server.TlsPort, _pki.Ca, protocols: protocol);
        Assert.True(probe.Answered, probe.Reply);
        Assert.Equal(protocol, probe.Protocol);
    }

    [Fact]
    public async Task The_plaintext_port_can_be_turned_off()
    {
        await using var server = await StartAsync(plain: false);
        Assert.Equal(0, server.Port);
        Assert.True((await TlsProbe.PingAsync(server.TlsPort, _pki.Ca)).Answered);
        var info = await RedisCliAsync(server.TlsPort, ["--tls", "--cacert", _pki.CaFile], "INFO", "server");
        Assert.Contains("tcp_port:0", info.Stdout, StringComparison.Ordinal);
    }
}
