namespace MiniStore.Protocol;

/// <summary>Why a well-framed request is refused, in protocol.md A.4's order of precedence.</summary>
public enum RequestError : byte
{
    None,

    /// <summary>Wrong number of arguments (line: <c>ERR: invalid arguments</c>).</summary>
    WrongArity,

    /// <summary>Conflicting or unknown options, or EX/PX without a number (<c>syntax error</c>).</summary>
    Syntax,

    /// <summary>An EX/PX/EXAT/PXAT number that is not positive, or whose deadline overflows (<c>invalid expire time</c>).</summary>
    InvalidExpireTime,

    /// <summary>
    /// An EX/PX/EXAT/PXAT number that does not parse as an integer. RESP answers as Redis 7 does,
    /// <c>value is not an integer or out of range</c>; the line dialect keeps <c>invalid expire time</c> (protocol.md A.4).
    /// </summary>
    ExpireTimeNotAnInteger,

    /// <summary>An argument that must be an integer is not one (<c>value is not an integer or out of range</c>).</summary>
    NotAnInteger,
}
