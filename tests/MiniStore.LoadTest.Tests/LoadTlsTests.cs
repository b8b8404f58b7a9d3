using System.Globalization;
using MiniStore.Server;
using MiniStore.Server.Tls;

namespace MiniStore.LoadTest.Tests;

/// <summary>The generator over TLS (--tls --cacert --cert --key, as redis-benchmark takes them) against a mutual-TLS port.</summary>
public sealed class LoadTlsTests : IAsyncLifetime
{
    private readonly TestCertificates _pki = TestCertificates.Create();
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(settings: new ServerSettings
    {
        Tls = new TlsSettings { CertificateFile = _pki.ServerCertFile, KeyFile = _pki.ServerKeyFile, CaCertificateFile = _pki.CaFile, AuthClients = TlsClientAuth.Yes },
    });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _pki.Dispose();
    }

    [Fact]
    public async Task A_console_run_over_tls_checks_every_reply()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await LoadTestApp.RunAsync(
            ["-p", _server.TlsPort.ToString(CultureInfo.InvariantCulture), "-a", InProcessServer.Password, "-c", "2", "-n", "500", "-P", "4", "-t", "set,get", "--warmup", "0",
             "--protocol", "resp", "--tls", "--cacert", _pki.CaFile, "--cert", _pki.ClientCertFile, "--key", _pki.ClientKeyFile],
            output, error, showProgress: false, environment: _ => null);

        Assert.Equal(string.Empty, error.ToString());
        Assert.Equal(LoadTestApp.ExitOk, code);
        Assert.Contains("GET: 500 requests", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_files_without_tls_are_a_usage_error()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await LoadTestApp.RunAsync(["--cacert", _pki.CaFile], output, error, showProgress: false, environment: _ => null);

        Assert.Equal(2, code);
        Assert.Contains("need --tls", error.ToString(), StringComparison.Ordinal);
    }
}
