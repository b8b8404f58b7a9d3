using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniStore.Core;
using MiniStore.Persistence;
using MiniStore.Server.Commands;
using MiniStore.Server.Connections;
using MiniStore.Server.Diagnostics;
using MiniStore.Server.Security;
using MiniStore.Server.Tls;
using MiniStore.Server.Transport;

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

        // As Redis: maxclients must fit the open-file limit, raised if it can be, lowered (with a warning) if not.
        var requestedMaxClients = settings.MaxClients;
        var descriptors = FileDescriptorLimit.For(settings.MaxClients);
        settings = settings with { MaxClients = descriptors.MaxClients };

        var endpoints = new ListenEndpoints();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBufferSize = settings.MaxRequestBytes + TransportHeadroomBytes;
            if (settings.ListenPlain)
            {
                kestrel.Listen(settings.Bind, settings.Port, listen =>
                {
                    listen.UseConnectionHandler<StoreConnectionHandler>();
                    endpoints.Plain = listen;
                });
            }

            if (settings.Tls is { } tls)
            {
                // Kestrel's TLS middleware works for any connection pipeline: the handler reads decrypted bytes.
                kestrel.Listen(settings.Bind, tls.Port, listen =>
                {
                    listen.UseHttps(kestrel.ApplicationServices.GetRequiredService<TlsHandshake>().CallbackOptions());
                    listen.UseConnectionHandler<StoreConnectionHandler>();
                    endpoints.Tls = listen;
                });
            }

            if (settings.MetricsPort is { } metricsPort)
            {
                // Plain HTTP/1.1 for Prometheus; this endpoint alone reaches the HTTP pipeline.
                kestrel.Listen(settings.Bind, metricsPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    endpoints.Metrics = listen;
                });
            }
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
        if (UsesEpoll(settings))
        {
            // Registered after the sockets transport, so Kestrel (which prefers the last factory that can bind) uses it.
            var maxReadBuffer = settings.MaxRequestBytes + TransportHeadroomBytes;
            // Made by the container (not handed to it made), so the container disposes it: its loop threads and epoll
            // descriptors end with the host.
            builder.Services.AddSingleton<IConnectionListenerFactory>(_ => new EpollTransportFactory(settings.IoThreads, maxReadBuffer));
        }

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

        builder.Services.AddSingleton(endpoints);
        if (settings.MetricsPort is not null)
        {
            MetricsEndpoint.AddServices(builder.Services);
        }

        builder.Services.AddSingleton(verifier);
        AddStoreServices(builder.Services, settings, storeOptions, time);
        if (settings.Tls is { } tlsSettings)
        {
            AddTls(builder.Services, tlsSettings);
        }

        var app = builder.Build();
        if (settings.MetricsPort is not null)
        {
            MetricsEndpoint.Map(app);
        }

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
        if (descriptors.MaxClients < requestedMaxClients)
        {
            Log.MaxClientsReduced(logger, requestedMaxClients, descriptors.MaxClients, descriptors.Limit, descriptors.OpenAtStart, FileDescriptorLimit.Reserved);
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            port.Bound(endpoints.Plain?.IPEndPoint?.Port ?? 0, endpoints.Tls?.IPEndPoint?.Port ?? 0);
            Log.Started(logger, ServerMetrics.Version, settings.Bind, port.Value, store.ShardCount, settings.MaxRequestBytes, TransportDescription(settings));
            if (endpoints.Metrics?.IPEndPoint is { } metricsEndpoint)
            {
                Log.MetricsListening(logger, metricsEndpoint.Address, metricsEndpoint.Port);
            }

            if (settings.Tls is { } tls)
            {
                var certificate = app.Services.GetRequiredService<CertificateReloader>().Current.Leaf;
                TlsLog.Listening(logger, settings.Bind, port.Tls, certificate.Subject, certificate.NotAfter.ToUniversalTime(), tls.CaCertificateFile is null ? TlsClientAuth.No : tls.AuthClients);
            }
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

    /// <summary>
    /// The store and everything its connections need, registered in <paramref name="services"/>: by this host, and by
    /// an ASP.NET Core app that embeds the store (MiniStore.Hosting). The caller registers the <see cref="PasswordVerifier"/>.
    /// </summary>
    internal static void AddStoreServices(IServiceCollection services, ServerSettings settings, StoreOptions storeOptions, TimeProvider time)
    {
        services.AddSingleton(settings);
        services.AddSingleton(time);
        services.AddSingleton(storeOptions);
        services.AddSingleton<Transactions.WatchRegistry>();
        services.AddSingleton<Blocking.BlockingRegistry>();
        services.AddSingleton(sp => new KeyStore(storeOptions, time)
        {
            Observer = new KeyspaceSignals(sp.GetRequiredService<Transactions.WatchRegistry>(), sp.GetRequiredService<Blocking.BlockingRegistry>()),
        });
        services.AddSingleton(sp => new SnapshotService(
            sp.GetRequiredService<KeyStore>(),
            new PersistenceSettings(settings.Dir, settings.DbFilename, settings.SaveRules),
            time));
        services.AddHostedService<GcPacer>();
        services.AddSingleton(sp => new ServerMetrics(sp.GetRequiredService<KeyStore>(), time));
        services.AddSingleton<ListeningPort>();
        services.AddSingleton(new ServerConfig(settings));
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<ClientAdmission>();
        services.AddHostedService<ClientTimeouts>();
        services.AddSingleton<ClientPause>();
        services.AddSingleton<MonitorFeed>();
        services.AddSingleton<PubSub.PubSubHub>();
        services.AddSingleton<InfoReport>();
        services.AddSingleton<CommandDispatcher>();
        services.AddSingleton<StoreConnectionHandler>();
    }

    /// <summary>The transport as the start-up line names it: which one, and for epoll its loops.</summary>
    private static string TransportDescription(ServerSettings settings) =>
        UsesEpoll(settings)
            ? $"epoll with {settings.IoThreads} I/O thread{(settings.IoThreads == 1 ? string.Empty : "s")}"
            : settings.Transport == TransportKind.Epoll ? "sockets (epoll needs Linux on x86-64)" : "sockets";

    /// <summary>Whether connections are served by MiniStore's epoll transport (asked for, and this platform has it).</summary>
    public static bool UsesEpoll(ServerSettings settings) =>
        settings.Transport == TransportKind.Epoll && EpollTransportFactory.IsSupported;

    /// <summary>The plaintext port actually bound (differs from the setting when it was 0).</summary>
    public static int BoundPort(WebApplication app) => Bound(app, endpoints => endpoints.Plain);

    /// <summary>The TLS port actually bound.</summary>
    public static int BoundTlsPort(WebApplication app) => Bound(app, endpoints => endpoints.Tls);

    /// <summary>The metrics (HTTP) port actually bound.</summary>
    public static int BoundMetricsPort(WebApplication app) => Bound(app, endpoints => endpoints.Metrics);

    private static int Bound(WebApplication app, Func<ListenEndpoints, ListenOptions?> which)
    {
        ArgumentNullException.ThrowIfNull(app);
        return which(app.Services.GetRequiredService<ListenEndpoints>())?.IPEndPoint?.Port
            ?? throw new InvalidOperationException("The server is not listening on that endpoint.");
    }

    private static void AddTls(IServiceCollection services, TlsSettings tls)
    {
        X509Certificate2Collection? authorities = null;
        if (tls.CaCertificateFile is { } caFile)
        {
            authorities = ServerCertificate.TryLoadAuthorities(caFile, out var error)
                ?? throw new InvalidOperationException($"cannot load the TLS CA certificates '{caFile}': {error}");
        }

        services.AddSingleton(sp => new CertificateReloader(tls, sp.GetRequiredService<ILoggerFactory>().CreateLogger("MiniStore.Server.Tls")));
        services.AddSingleton(sp => new TlsHandshake(tls, sp.GetRequiredService<CertificateReloader>(), authorities));
    }
}
