using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MiniStore.Protocol;
using MiniStore.Server;
using MiniStore.Server.Hosting;
using MiniStore.Server.Security;

namespace MiniStore.Client.Tests.Support;

/// <summary>
/// The real Kestrel host on an ephemeral loopback port, with a fake clock and cheap Argon2 (the tests are not
/// about the hash), as the server's own tests start it. Shared by the client, CLI and load-test tests.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    public const string Password = "s3cret pass";

    private readonly PasswordVerifier _verifier;

    private InProcessServer(WebApplication app, PasswordVerifier verifier, FakeTimeProvider time)
    {
        App = app;
        _verifier = verifier;
        Time = time;
        Port = ServerHost.BoundPort(app);
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public int Port { get; }

    public static async Task<InProcessServer> StartAsync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var verifier = PasswordVerifier.Create(System.Text.Encoding.UTF8.GetBytes(Password), Argon2Parameters.Fast);
        var app = ServerHost.Build(new ServerSettings { Port = 0 }, verifier, null, time, logging => logging.ClearProviders());
        await app.StartAsync();
        return new InProcessServer(app, verifier, time);
    }

    public MiniStoreClientOptions Options(WireFormat protocol = WireFormat.Line, string? password = Password) =>
        new() { Port = Port, Password = password, Protocol = protocol };

    public Task<MiniStoreClient> ConnectAsync(WireFormat protocol = WireFormat.Line, string? password = Password) =>
        MiniStoreClient.ConnectAsync(Options(protocol, password));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _verifier.Dispose();
    }
}
