using System.Buffers.Binary;

namespace MiniStore.Protocol;

/// <summary>
/// Packs a word of up to 8 ASCII letters into a <see cref="ulong"/>, lower-cased, so a command name or an option
/// word is recognised by one length switch and one integer switch instead of string compares.
/// </summary>
/// <remarks>
/// Lower-casing is <c>| 0x20</c> on every byte. The only bytes that map to a lower-case letter that way are that
/// letter and its upper-case form, so a packed input equals a packed letters-only word exactly when the input is
/// that word in any case. The constants below must therefore contain letters only.
/// </remarks>
internal static class AsciiWord
{
    public const int MaxLength = 8;

    /// <summary>The packed form of <paramref name="word"/>; its length must be 1 to 8 (checked by the caller).</summary>
    public static ulong Pack(ReadOnlySpan<byte> word)
    {
        ulong value = word.Length switch
        {
            1 => word[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(word),
            3 => BinaryPrimitives.ReadUInt16LittleEndian(word) | (ulong)word[2] << 16,
            4 => BinaryPrimitives.ReadUInt32LittleEndian(word),
            5 => BinaryPrimitives.ReadUInt32LittleEndian(word) | (ulong)word[4] << 32,
            6 => BinaryPrimitives.ReadUInt32LittleEndian(word) | (ulong)BinaryPrimitives.ReadUInt16LittleEndian(word[4..]) << 32,
            7 => BinaryPrimitives.ReadUInt32LittleEndian(word) | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(word[3..]) << 24,
            _ => BinaryPrimitives.ReadUInt64LittleEndian(word),
        };
        return value | (0x2020202020202020UL >> ((MaxLength - word.Length) * 8));
    }
}
