namespace MiniStore.Server.Tests;

/// <summary>How the server tests reach the shared in-process server: a raw line-protocol client, signed in unless asked not to.</summary>
public static class LineConnections
{
    public static async Task<LineClient> ConnectAsync(this InProcessServer server, bool authenticate = true)
    {
        var client = await LineClient.ConnectAsync(server.Port);
        if (authenticate)
        {
            Assert.Equal("OK", await client.CommandAsync($"PASS \"{InProcessServer.Password}\""));
        }

        return client;
    }
}
