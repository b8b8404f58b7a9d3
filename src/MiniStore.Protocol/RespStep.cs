namespace MiniStore.Protocol;

/// <summary>What <see cref="RespFrameParser.Parse"/> found.</summary>
internal enum RespStep : byte
{
    Complete,
    Incomplete,

    /// <summary>An empty array (<c>*0</c> or <c>*-1</c>): consume it, no request.</summary>
    Empty,
    Fatal,
}
