namespace MiniStore.Protocol;

/// <summary>The two request formats served on one port (protocol.md, A and B); a reply uses the format of its request.</summary>
public enum WireFormat : byte
{
    /// <summary>The text line protocol (protocol.md A).</summary>
    Line,

    /// <summary>RESP: RESP2 requests; RESP2 or RESP3 replies (protocol.md B).</summary>
    Resp,
}
