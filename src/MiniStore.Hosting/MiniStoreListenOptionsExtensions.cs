using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MiniStore.Server.Connections;

namespace MiniStore.Hosting;

/// <summary><c>listenOptions.UseMiniStore()</c>: this Kestrel endpoint speaks MiniStore (line protocol and RESP) instead of HTTP.</summary>
public static class MiniStoreListenOptionsExtensions
{
    /// <summary>
    /// Serves the store registered by <see cref="MiniStoreServiceCollectionExtensions.AddMiniStore"/> on this endpoint.
    /// Call <c>UseHttps(...)</c> first for TLS, as for any Kestrel endpoint.
    /// </summary>
    public static ListenOptions UseMiniStore(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        listenOptions.UseConnectionHandler<StoreConnectionHandler>();
        return listenOptions;
    }
}
