using System.Globalization;

namespace MiniStore.LoadTest.Tests;

/// <summary>The generator over TLS (--tls --cacert --cert --key, as redis-benchmark takes them) against a mutual-TLS port.</summary>
public sealed class LoadTlsTests : IAsyncLifetime
{
    private MutualTlsServer _tls = null!;

    public async Task InitializeAsync() => _tls = await MutualTlsServer.StartAsync();

    public async Task DisposeAsync() => await _tls.DisposeAsync();

    [Fact]
    public async Task A_console_run_over_tls_checks_every_reply()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await LoadTestApp.RunAsync(
            ["-p", _tls.Server.TlsPort.ToString(CultureInfo.InvariantCulture), "-a", InProcessServer.Password, "-c", "2", "-n", "500", "-P", "4", "-t", "set,get", "--warmup", "0",
             "--protocol", "resp", "--tls", "--cacert", _tls.Pki.CaFile, "--cert", _tls.Pki.ClientCertFile, "--key", _tls.Pki.ClientKeyFile],
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
        var code = await LoadTestApp.RunAsync(["--cacert", _tls.Pki.CaFile], output, error, showProgress: false, environment: _ => null);

        Assert.Equal(2, code);
        Assert.Contains("need --tls", error.ToString(), StringComparison.Ordinal);
    }
}
