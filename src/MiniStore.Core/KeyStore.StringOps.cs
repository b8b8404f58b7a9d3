namespace MiniStore.Core;

/// <summary>What the string commands beyond the seed's (INCR, APPEND, SETRANGE, ...) need of the store.</summary>
public sealed partial class KeyStore
{
    /// <summary>The estimated bytes a new string key of these lengths costs: what to reserve (<see cref="KeySlot.TryReserve"/>) before adding it.</summary>
    public static long SizeOfNewString(int keyLength, long valueBytes) => Entry.SizeOf(keyLength, valueBytes);
}
