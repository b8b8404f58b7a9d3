using System.Globalization;

namespace MiniStore.Cli.Tests;

/// <summary>ministore-cli's TLS flags, as redis-cli spells them, against the server's mutual-TLS port.</summary>
public sealed class CliTlsTests : IAsyncLifetime
{
    private MutualTlsServer _tls = null!;

    public async Task InitializeAsync() => _tls = await MutualTlsServer.StartAsync();

    public async Task DisposeAsync() => await _tls.DisposeAsync();

    private string TlsPort => _tls.Server.TlsPort.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("line")]
    [InlineData("resp")]
    public async Task Tls_with_a_client_certificate_runs_commands(string protocol)
    {
        string[] tls = ["-p", TlsPort, "-a", InProcessServer.Password, "--protocol", protocol, "--tls", "--cacert", _tls.Pki.CaFile, "--cert", _tls.Pki.ClientCertFile, "--key", _tls.Pki.ClientKeyFile];

        Assert.Equal((0, "OK\n", ""), await RunAsync([.. tls, "SET", "k", "secure"]));
        Assert.Equal((0, "\"secure\"\n", ""), await RunAsync([.. tls, "GET", "k"]));
    }

    [Fact]
    public async Task Without_the_client_certificate_the_connection_fails_with_exit_1()
    {
        var (code, output, error) = await RunAsync(["-p", TlsPort, "-a", InProcessServer.Password, "--tls", "--cacert", _tls.Pki.CaFile, "PING"]);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.NotEqual("", error);
    }

    [Theory]
    [InlineData("--cacert", "ca.crt", "PING")]
    [InlineData("--tls", "--cert", "client.crt", "PING")]
    [InlineData("--tls", "--cacert", "/nonexistent/ca.crt", "PING")]
    public async Task Bad_tls_flags_are_one_line_and_exit_2(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, TextReader.Null, output, error, _ => null);
        return (code, output.ToString(), error.ToString());
    }
}
