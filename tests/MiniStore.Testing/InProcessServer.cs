using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MiniStore.Core;
using MiniStore.Server;
using MiniStore.Server.Hosting;
using MiniStore.Server.Security;

namespace MiniStore.Testing;

/// <summary>
/// The real Kestrel host on an ephemeral loopback port, with a fake clock and cheap Argon2 (the tests are not about
/// the hash) unless a test asks otherwise. How a test connects to it (a raw line client, the bundled client) is the
/// test project's own business.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    public const string Password = "s3cret pass";

    private InProcessServer(WebApplication app, PasswordVerifier verifier, ServerSettings settings, TimeProvider time)
    {
        App = app;
        Verifier = verifier;
        Settings = settings;
        Time = time;
        Port = settings.ListenPlain ? ServerHost.BoundPort(app) : 0;
        TlsPort = settings.Tls is null ? 0 : ServerHost.BoundTlsPort(app);
        MetricsPort = settings.MetricsPort is null ? 0 : ServerHost.BoundMetricsPort(app);
    }

    public WebApplication App { get; }

    public ServerSettings Settings { get; }

    public TimeProvider Time { get; }

    /// <summary>The clock, when the test did not pass one of its own (the default is a fake clock).</summary>
    public FakeTimeProvider FakeTime => (FakeTimeProvider)Time;

    /// <summary>The server's password verifier: its <see cref="PasswordVerifier.Argon2Verifications"/> counts the slow path.</summary>
    public PasswordVerifier Verifier { get; }

    /// <summary>The plaintext port; 0 when the settings turned it off.</summary>
    public int Port { get; }

    /// <summary>The TLS port, when the settings have <see cref="ServerSettings.Tls"/>.</summary>
    public int TlsPort { get; }

    /// <summary>The HTTP port of /metrics and /healthz, when the settings have <see cref="ServerSettings.MetricsPort"/>.</summary>
    public int MetricsPort { get; }

    public static async Task<InProcessServer> StartAsync(
        TimeProvider? time = null,
        ServerSettings? settings = null,
        StoreOptions? store = null,
        Argon2Parameters? argon2 = null,
        bool authFastPath = true,
        int port = 0)
    {
        settings ??= new ServerSettings();

        // Port 0 (an ephemeral port) unless the test restarts a server where it was, as a supervisor would.
        settings = settings with
        {
            Port = port,
            Tls = settings.Tls is { } tls ? tls with { Port = 0 } : null,
            MetricsPort = settings.MetricsPort is null ? null : 0,
        };
        time ??= new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var verifier = PasswordVerifier.Create(System.Text.Encoding.UTF8.GetBytes(Password), argon2 ?? Argon2Parameters.Fast, authFastPath);
        WebApplication? app = null;
        try
        {
            app = ServerHost.Build(settings, verifier, store, time, logging => logging.ClearProviders());
            await app.StartAsync();
            return new InProcessServer(app, verifier, settings, time);
        }
        catch
        {
            // A host that did not start must not keep its port, its threads or the verifier's key.
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            verifier.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Verifier.Dispose();
    }
}
