using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>The client over TLS (SslStream under the same pipe) against the server's mutual-TLS port.</summary>
public sealed class TlsClientTests : IAsyncLifetime
{
    private MutualTlsServer _tls = null!;

    public async Task InitializeAsync() => _tls = await MutualTlsServer.StartAsync();

    public async Task DisposeAsync() => await _tls.DisposeAsync();

    private MiniStoreClientOptions Options(WireFormat protocol, MiniStoreTlsOptions tls) =>
        _tls.Server.Options(protocol) with { Port = _tls.Server.TlsPort, Tls = tls };

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task Pem_files_as_redis_cli_takes_them_give_a_working_pipelined_client(WireFormat protocol)
    {
        var tls = MiniStoreTlsOptions.FromPemFiles(_tls.Pki.CaFile, _tls.Pki.ClientCertFile, _tls.Pki.ClientKeyFile);
        await using var client = await MiniStoreClient.ConnectAsync(Options(protocol, tls));

        var sets = Enumerable.Range(0, 200).Select(i => client.SetAsync($"k{i}", new string('v', i))).ToArray();
        Assert.All(await Task.WhenAll(sets), Assert.True);
        Assert.Equal(new string('v', 150), await client.GetAsync("k150"));
        var big = new byte[300_000];
        Random.Shared.NextBytes(big);
        Assert.True(await client.SetAsync("big"u8.ToArray(), big));
        Assert.Equal(big, await client.GetAsync("big"u8.ToArray()));
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_fails_the_connect()
    {
        using var other = TestCertificates.Create("Another CA");
        var tls = MiniStoreTlsOptions.FromPemFiles(other.CaFile, _tls.Pki.ClientCertFile, _tls.Pki.ClientKeyFile);

        var error = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => MiniStoreClient.ConnectAsync(Options(WireFormat.Resp, tls)));
        Assert.Contains("TLS handshake", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_server_name_fails_the_connect()
    {
        var tls = MiniStoreTlsOptions.FromPemFiles(_tls.Pki.CaFile, _tls.Pki.ClientCertFile, _tls.Pki.ClientKeyFile) with { ServerName = "cache.example.org" };

        await Assert.ThrowsAsync<MiniStoreConnectionException>(() => MiniStoreClient.ConnectAsync(Options(WireFormat.Resp, tls)));
    }

    [Fact]
    public async Task Without_a_client_certificate_mutual_tls_refuses_the_connection()
    {
        var tls = MiniStoreTlsOptions.FromPemFiles(_tls.Pki.CaFile);

        // TLS 1.3 completes the client's side of the handshake first; the refusal then ends the AUTH.
        await Assert.ThrowsAsync<MiniStoreConnectionException>(() => MiniStoreClient.ConnectAsync(Options(WireFormat.Resp, tls)));
    }

    [Fact]
    public void A_certificate_without_its_key_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => MiniStoreTlsOptions.FromPemFiles(_tls.Pki.CaFile, _tls.Pki.ClientCertFile));
}
