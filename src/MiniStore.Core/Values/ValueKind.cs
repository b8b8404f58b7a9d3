namespace MiniStore.Core;

/// <summary>The type of a key's value (Redis's TYPE names: string, hash, list, set, zset).</summary>
public enum ValueKind : byte
{
    /// <summary>No such key.</summary>
    None,
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Redis's name for the type.")]
    String,
    Hash,
    List,
    Set,
    SortedSet,
}
