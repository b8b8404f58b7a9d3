using MiniStore.Protocol;

namespace MiniStore.Client.Tests.Support;

/// <summary>How the client tests reach the shared servers: options and connections of the bundled client.</summary>
public static class ClientConnections
{
    public static MiniStoreClientOptions Options(this InProcessServer server, WireFormat protocol = WireFormat.Line, string? password = InProcessServer.Password) =>
        new() { Port = server.Port, Password = password, Protocol = protocol };

    public static Task<MiniStoreClient> ConnectAsync(this InProcessServer server, WireFormat protocol = WireFormat.Line, string? password = InProcessServer.Password) =>
        MiniStoreClient.ConnectAsync(server.Options(protocol, password));

    public static MiniStoreClientOptions Options(this RedisServerProcess redis, string? password = RedisServerProcess.Password) =>
        new() { Port = redis.Port, Password = password, Protocol = WireFormat.Resp };
}
