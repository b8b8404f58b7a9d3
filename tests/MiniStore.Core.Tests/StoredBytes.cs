namespace MiniStore.Core.Tests;

/// <summary>The store hands out a string as the stored bytes (<see cref="ReadOnlyMemory{T}"/>); tests compare copies of them.</summary>
internal static class StoredBytes
{
    /// <summary><see cref="KeyStore.Get"/> as an array, for <c>Assert.Equal</c>; null when absent or of another type.</summary>
    public static byte[]? GetBytes(this KeyStore store, ReadOnlySpan<byte> key) => store.Get(key)?.ToArray();

    public static byte[]? Bytes(this ReadOnlyMemory<byte>? value) => value?.ToArray();
}
