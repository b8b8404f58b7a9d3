namespace MiniStore.Client.Internal;

/// <summary>Requests that change the connection's state when they are sent or answered.</summary>
[Flags]
internal enum RequestFlags : byte
{
    None = 0,

    /// <summary>PASS / AUTH.</summary>
    Authentication = 1,

    /// <summary>QUIT: the server closes the connection after its reply.</summary>
    Quit = 2,
}
