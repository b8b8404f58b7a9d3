using System.Runtime.CompilerServices;

namespace MiniStore.Client.Internal;

/// <summary>Command names and option words, encoded once.</summary>
internal static class Words
{
    public static readonly ReadOnlyMemory<byte> Ping = "PING"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Get = "GET"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Set = "SET"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> GetEx = "GETEX"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Ttl = "TTL"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Pttl = "PTTL"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Del = "DEL"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Exists = "EXISTS"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> DbSize = "DBSIZE"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Info = "INFO"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> FlushAll = "FLUSHALL"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Quit = "QUIT"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Pass = "PASS"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Auth = "AUTH"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Nx = "NX"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Xx = "XX"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Ex = "EX"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Px = "PX"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> KeepTtl = "KEEPTTL"u8.ToArray();
    public static readonly ReadOnlyMemory<byte> Persist = "PERSIST"u8.ToArray();
}

/// <summary>Room for the longest typed request (SET key value NX PX ms GET) without allocating a list.</summary>
[InlineArray(8)]
internal struct ArgumentBuffer
{
    private ReadOnlyMemory<byte> _element;
}
