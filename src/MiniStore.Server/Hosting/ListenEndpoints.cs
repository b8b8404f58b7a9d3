using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MiniStore.Server.Hosting;

/// <summary>
/// The endpoints configured on Kestrel, kept to read the ports they bound once it has started (Kestrel writes the
/// bound address back into each endpoint's options, so port 0 becomes the port the OS chose).
/// </summary>
internal sealed class ListenEndpoints
{
    public ListenOptions? Plain { get; set; }

    public ListenOptions? Tls { get; set; }

    public ListenOptions? Metrics { get; set; }
}
