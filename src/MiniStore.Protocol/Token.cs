namespace MiniStore.Protocol;

/// <summary>Where one token (the command name or an argument) lies in the bytes a <see cref="Request"/> views.</summary>
internal readonly struct Token(int offset, int length)
{
    public int Offset { get; } = offset;

    public int Length { get; } = length;
}
