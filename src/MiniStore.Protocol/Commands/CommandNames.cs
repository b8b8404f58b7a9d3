namespace MiniStore.Protocol;

/// <summary>Recognises command names through <see cref="CommandTable"/>: no strings, no allocation.</summary>
public static class CommandNames
{
    /// <summary>The command <paramref name="name"/> names, ASCII case-insensitively; <see cref="CommandId.Unknown"/> if none.</summary>
    public static CommandId Recognize(ReadOnlySpan<byte> name) => CommandTable.Find(name)?.Id ?? CommandId.Unknown;
}
