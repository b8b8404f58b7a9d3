using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using MiniStore.Core;
using MiniStore.Server;
using MiniStore.Server.Hosting;
using MiniStore.Server.Security;

namespace MiniStore.Hosting;

/// <summary><c>builder.Services.AddMiniStore(...)</c>: the store, its command dispatch and its connection handler, in the app's container.</summary>
public static class MiniStoreServiceCollectionExtensions
{
    /// <summary>Headroom above the largest request, as the standalone server keeps, so an oversize line is refused, not stalled on.</summary>
    private const int TransportHeadroomBytes = 64 * 1024;

    /// <summary>
    /// Registers the store. Serve it with <c>listenOptions.UseMiniStore()</c> on a Kestrel endpoint; read and write it
    /// in process through the <see cref="KeyStore"/> service. The store uses the container's <see cref="TimeProvider"/>
    /// if there is one (tests), else the system clock.
    /// </summary>
    public static IServiceCollection AddMiniStore(this IServiceCollection services, Action<MiniStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new MiniStoreOptions();
        configure(options);
        if (string.IsNullOrEmpty(options.Password))
        {
            throw new ArgumentException("MiniStoreOptions.Password is required: clients authenticate with it.", nameof(configure));
        }

        var settings = new ServerSettings
        {
            Port = 0,
            MaxClients = options.MaxClients,
            IdleTimeout = options.IdleTimeout,
            AuthTimeout = options.AuthTimeout,
            MaxRequestBytes = options.MaxRequestBytes,
        };
        var store = new StoreOptions { MaxMemoryBytes = options.MaxMemoryBytes, EvictionPolicy = options.EvictionPolicy };
        var time = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;

        // Created now so the password bytes are hashed and wiped before anything else sees them; disposed by the container.
        var verifier = PasswordVerifier.Create(Encoding.UTF8.GetBytes(options.Password));
        services.AddSingleton(_ => verifier);
        ServerHost.AddStoreServices(services, settings, store, time);

        // Only raised, never lowered: the app's HTTP endpoints share these limits.
        var bufferBytes = options.MaxRequestBytes + TransportHeadroomBytes;
        services.Configure<KestrelServerOptions>(kestrel =>
            kestrel.Limits.MaxRequestBufferSize = Math.Max(kestrel.Limits.MaxRequestBufferSize ?? 0, bufferBytes));
        services.Configure<SocketTransportOptions>(sockets =>
            sockets.MaxReadBufferSize = Math.Max(sockets.MaxReadBufferSize ?? 0, bufferBytes));
        return services;
    }
}
