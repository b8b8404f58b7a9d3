using System.Diagnostics.CodeAnalysis;

namespace MiniStore.Protocol;

/// <summary>The kinds of RESP2/RESP3 reply a <see cref="RespReplyReader"/> understands, by their first byte.</summary>
public enum RespType : byte
{
    /// <summary><c>+</c></summary>
    SimpleString,

    /// <summary><c>-</c></summary>
    Error,

    /// <summary><c>:</c></summary>
    [SuppressMessage("Naming", "CA1720", Justification = "The RESP type's name.")]
    Integer,

    /// <summary><c>$</c></summary>
    BulkString,

    /// <summary><c>*</c></summary>
    Array,

    /// <summary>RESP3 <c>_</c>, RESP2 <c>$-1</c> and <c>*-1</c>.</summary>
    Null,

    /// <summary>RESP3 <c>#t</c> / <c>#f</c>.</summary>
    Boolean,

    /// <summary>RESP3 <c>,</c></summary>
    [SuppressMessage("Naming", "CA1720", Justification = "The RESP type's name.")]
    Double,

    /// <summary>RESP3 <c>(</c>: the digits are kept as text.</summary>
    BigNumber,

    /// <summary>RESP3 <c>!</c></summary>
    BulkError,

    /// <summary>RESP3 <c>=</c>: the text without its three-letter format and colon.</summary>
    VerbatimString,

    /// <summary>RESP3 <c>%</c>: keys and values alternate in <see cref="RespReply.Elements"/>.</summary>
    Map,

    /// <summary>RESP3 <c>~</c></summary>
    Set,

    /// <summary>RESP3 <c>&gt;</c></summary>
    Push,
}

/// <summary>The outcome of one <see cref="RespReplyReader"/> call.</summary>
public enum RespReadResult : byte
{
    /// <summary>A whole reply was read and consumed.</summary>
    Complete,

    /// <summary>The buffer ends inside the reply; nothing was consumed.</summary>
    NeedMoreData,

    /// <summary>The bytes are not RESP (or nest deeper than <see cref="RespReplyReader.MaxDepth"/>): close the connection.</summary>
    Malformed,
}
