using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniStore.Core;
using MiniStore.Persistence;
using MiniStore.Server.Commands;
using MiniStore.Server.Connections;
using MiniStore.Server.Diagnostics;
using MiniStore.Server.Security;

namespace MiniStore.Server.Hosting;

/// <summary>
/// Builds the Kestrel host: no HTTP pipeline, one endpoint whose connection pipeline is our
/// <see cref="StoreConnectionHandler"/>. Used by Program and, with port 0 and a fake clock, by the tests.
/// </summary>
public static class ServerHost
{
    /// <summary>Headroom above the largest request so the transport never pauses before our reader has decided.</summary>
    private const int TransportHeadroomBytes = 64 * 1024;

    public static WebApplication Build(
        ServerSettings settings,
        PasswordVerifier verifier,
        StoreOptions? storeOptions = null,
        TimeProvider? time = null,
        Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(verifier);
        time ??= TimeProvider.System;
        storeOptions ??= new StoreOptions();
        if (settings.ShardCount is { } shards)
        {
            storeOptions = storeOptions with { ShardCount = shards };
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBufferSize = settings.MaxRequestBytes + TransportHeadroomBytes;
            kestrel.Listen(settings.Bind, settings.Port, listen => listen.UseConnectionHandler<StoreConnectionHandler>());
        });
        builder.WebHost.UseSockets(sockets =>
        {
            // The reader must see a whole oversize line's first MaxRequestBytes before the pipe stops
            // reading from the socket, or a huge line would stall instead of being refused.
            sockets.MaxReadBufferSize = settings.MaxRequestBytes + TransportHeadroomBytes;

            // Measured with benchmarks/compare.sh (docs/benchmarks.md): running the connection loop on the socket's
            // I/O thread instead of hopping to the thread pool, and reading without a zero-byte pre-read, cut the
            // server CPU per unpipelined request. Safe here because no command blocks: password checks run on
            // their own threads and are awaited.
            sockets.UnsafePreferInlineScheduling = settings.InlineScheduling;
            sockets.WaitForDataBeforeAllocatingBuffer = false;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        configureLogging?.Invoke(builder.Logging);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(verifier);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(storeOptions);
        builder.Services.AddSingleton(_ => new KeyStore(storeOptions, time));
        builder.Services.AddSingleton(sp => new SnapshotService(
            sp.GetRequiredService<KeyStore>(),
            new PersistenceSettings(settings.Dir, settings.DbFilename, settings.SaveRules),
            time));
        builder.Services.AddHostedService<GcPacer>();
        builder.Services.AddSingleton(sp => new ServerMetrics(sp.GetRequiredService<KeyStore>(), time));
        builder.Services.AddSingleton<ListeningPort>();
        builder.Services.AddSingleton(new ServerConfig(settings));
        builder.Services.AddSingleton<ClientRegistry>();
        builder.Services.AddSingleton<ClientPause>();
        builder.Services.AddSingleton<MonitorFeed>();
        builder.Services.AddSingleton<PubSub.PubSubHub>();
        builder.Services.AddSingleton<InfoReport>();
        builder.Services.AddSingleton<CommandDispatcher>();
        builder.Services.AddSingleton<StoreConnectionHandler>();

        var app = builder.Build();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MiniStore.Server");
        var metrics = app.Services.GetRequiredService<ServerMetrics>();
        var store = app.Services.GetRequiredService<KeyStore>();
        var port = app.Services.GetRequiredService<ListeningPort>();

        // The file is loaded here, before Kestrel starts: no client ever sees a half-loaded store.
        var snapshots = app.Services.GetRequiredService<SnapshotService>();
        try
        {
            PersistenceStartup.Load(store, snapshots, settings, logger);
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        snapshots.Saved += outcome => PersistenceStartup.LogOutcome(logger, outcome);
        lifetime.ApplicationStarted.Register(() =>
        {
            port.Bound(BoundPort(app));
            Log.Started(logger, ServerMetrics.Version, settings.Bind, port.Value, store.ShardCount, settings.MaxRequestBytes);
        });
        lifetime.ApplicationStopping.Register(() => Log.ShuttingDown(logger, metrics.ConnectedClients));
        lifetime.ApplicationStopped.Register(() =>
        {
            // Every connection is closed by now, so the file gets every write (only when save points are configured).
            snapshots.SaveOnShutdown();
            snapshots.Dispose();
            Log.Stopped(logger, metrics.Uptime, metrics.TotalCommands, store.GetStats().Keys);
        });
        return app;
    }

    /// <summary>The port actually bound (differs from the setting when it was 0).</summary>
    public static int BoundPort(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The server is not listening.");
        return new Uri(first.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
    }
}
