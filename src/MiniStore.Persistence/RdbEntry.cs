namespace MiniStore.Persistence;

/// <summary>
/// One key read from an RDB file: its database, its value as a MiniStore value (a <c>byte[]</c> string or a
/// <see cref="Core.CollectionValue"/> no one else holds) and its absolute expiry in Unix milliseconds, if any.
/// </summary>
public sealed record RdbEntry(int Database, byte[] Key, object Value, long? ExpireUnixMs);
