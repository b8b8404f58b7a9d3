using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MiniStore.Core;
using MiniStore.Server.Hosting;
using MiniStore.Server.Security;

namespace MiniStore.Server.Tests;

/// <summary>The real Kestrel host on an ephemeral loopback port, with cheap Argon2 unless a test asks otherwise.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Password = "s3cret pass";

    private readonly PasswordVerifier _verifier;

    private TestServer(WebApplication app, PasswordVerifier verifier, ServerSettings settings, TimeProvider time)
    {
        App = app;
        _verifier = verifier;
        Settings = settings;
        Time = time;
        Port = ServerHost.BoundPort(app);
    }

    public WebApplication App { get; }

    public ServerSettings Settings { get; }

    public TimeProvider Time { get; }

    public FakeTimeProvider FakeTime => (FakeTimeProvider)Time;

    /// <summary>The server's password verifier: its <see cref="PasswordVerifier.Argon2Verifications"/> counts the slow path.</summary>
    public PasswordVerifier Verifier => _verifier;

    public int Port { get; }

    public static async Task<TestServer> StartAsync(
        TimeProvider? time = null,
        ServerSettings? settings = null,
        StoreOptions? store = null,
        Argon2Parameters? argon2 = null,
        bool authFastPath = true)
    {
        settings ??= new ServerSettings();
        settings = settings with { Port = 0 };
        time ??= new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var verifier = PasswordVerifier.Create(System.Text.Encoding.UTF8.GetBytes(Password), argon2 ?? Argon2Parameters.Fast, authFastPath);
        var app = ServerHost.Build(settings, verifier, store, time, logging => logging.ClearProviders());
        await app.StartAsync();
        return new TestServer(app, verifier, settings, time);
    }

    public async Task<LineClient> ConnectAsync(bool authenticate = true)
    {
        var client = await LineClient.ConnectAsync(Port);
        if (authenticate)
        {
            Assert.Equal("OK", await client.CommandAsync($"PASS \"{Password}\""));
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _verifier.Dispose();
    }
}
