using System.Net;
using MiniStore.Client.Internal;
using MiniStore.Protocol;

namespace MiniStore.Client;

/// <summary>
/// An async MiniStore client over one TCP connection. Thread-safe and pipelined: any number of callers may have
/// requests in flight at once; they are written in call order and their replies matched in that order.
/// </summary>
/// <remarks>
/// <para>Errors: a server error reply throws <see cref="MiniStoreServerException"/> (the connection stays usable);
/// a lost connection fails every waiting and later request with <see cref="MiniStoreConnectionException"/>.</para>
/// <para>Timeouts and cancellation differ on purpose. A request with no reply within
/// <see cref="MiniStoreClientOptions.DefaultTimeout"/> throws <see cref="TimeoutException"/> and fails the
/// connection: the link has stalled, and keeping it would leave every request behind it to time out in turn.
/// A caller's <see cref="CancellationToken"/> only abandons that caller's wait: the request was already sent,
/// its reply is read and discarded when it comes, and the connection goes on in step.</para>
/// </remarks>
public sealed partial class MiniStoreClient : IAsyncDisposable
{
    private readonly ClientConnection _connection;

    private MiniStoreClient(ClientConnection connection, MiniStoreClientOptions options)
    {
        _connection = connection;
        Options = options;
    }

    public MiniStoreClientOptions Options { get; }

    public WireFormat Protocol => _connection.Format;

    public EndPoint? RemoteEndPoint => _connection.RemoteEndPoint;

    /// <summary>False once the connection failed, was closed by the server, QUIT was sent, or the client was disposed.</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>Frames the server pushed unasked (RESP3 <c>&gt;</c>) that are not pub/sub, never matched to a request.</summary>
    internal System.Threading.Channels.ChannelReader<ClientReply> Pushes => _connection.Pushes;

    /// <summary>Connects, and authenticates when <see cref="MiniStoreClientOptions.Password"/> is set.</summary>
    /// <exception cref="MiniStoreConnectionException">The server cannot be reached.</exception>
    /// <exception cref="MiniStoreServerException">The password was refused.</exception>
    public static Task<MiniStoreClient> ConnectAsync(MiniStoreClientOptions options, CancellationToken cancellationToken = default) =>
        ConnectAsync(options, options?.Tls is null ? TcpTransport.Plain : TlsStreams.Transport, cancellationToken);

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> with the default options.</summary>
    public static Task<MiniStoreClient> ConnectAsync(string host, int port, string? password = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(new MiniStoreClientOptions { Host = host, Port = port, Password = password }, cancellationToken);

    /// <summary>Closes the connection at once; requests still waiting fail with <see cref="MiniStoreConnectionException"/>.</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <summary>Connects over <paramref name="transport"/>: where a TLS transport will be chosen from the options.</summary>
    internal static async Task<MiniStoreClient> ConnectAsync(
        MiniStoreClientOptions options, IClientTransport transport, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var pipe = await transport.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        var endpoint = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]:{options.Port}" : $"{options.Host}:{options.Port}";
        var client = new MiniStoreClient(new ClientConnection(pipe, options.Protocol, options.DefaultTimeout, options.TimeProvider, endpoint), options);
        if (options.Password is null)
        {
            return client;
        }

        try
        {
            await client.AuthenticateAsync(options.Password, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
