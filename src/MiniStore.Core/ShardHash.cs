using System.Buffers.Binary;

namespace MiniStore.Core;

/// <summary>
/// Picks a key's shard with a cheap seeded multiply-mix instead of a full <see cref="ByteKeyComparer.Hash"/>:
/// the shard's dictionary hashes the key again with the comparer anyway, so a second full hash per operation
/// was pure overhead on GET and SET.
/// </summary>
/// <remarks>
/// The shard choice needs spread, not flood resistance: keys steered into one shard still land in a dictionary
/// hashed with the comparer's randomized hash, so the worst a client can do is make one shard hold everything.
/// Every byte and the length feed the result, and its top bits (the ones <see cref="KeyStore"/> uses) depend on
/// all of them.
/// </remarks>
internal static class ShardHash
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    public static uint Of(ReadOnlySpan<byte> key)
    {
        var h = Seed ^ ((ulong)key.Length * Multiplier);
        while (key.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(key)) * Multiplier;
            key = key[8..];
        }

        // 0..7 bytes left: two overlapping 4-byte reads, or first/middle/last byte, cover every byte.
        ulong tail = key.Length switch
        {
            >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(key) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(key[^4..]) << 32),
            > 0 => key[0] | ((ulong)key[key.Length / 2] << 8) | ((ulong)key[^1] << 16),
            _ => 0,
        };
        h = (h ^ tail) * Multiplier;
        h = (h ^ (h >> 32)) * Multiplier;
        return (uint)(h >> 32);
    }
}
