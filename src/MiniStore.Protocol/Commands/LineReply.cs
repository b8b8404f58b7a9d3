namespace MiniStore.Protocol;

/// <summary>
/// What a bare reply line means in the line dialect (protocol.md A.2): the line cannot say whether <c>17</c> is an
/// integer or a stored value, so the command table says it for each command. Arrays, nil and errors say it themselves.
/// </summary>
public enum LineReply : byte
{
    /// <summary><c>OK</c>, <c>PONG</c>, <c>Already authenticated</c>.</summary>
    Status,

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after the reply type, as RESP names it.")]
    Integer,

    /// <summary>A stored value (or a text such as CLIENT LIST's).</summary>
    Value,
}
