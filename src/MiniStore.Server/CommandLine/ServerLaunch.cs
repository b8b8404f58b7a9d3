using MiniStore.Core;

namespace MiniStore.Server.CommandLine;

/// <summary>A validated command line: what to start the server with. The password bytes are zeroed once hashed.</summary>
public sealed record ServerLaunch(ServerSettings Settings, StoreOptions Store, byte[] Password);
