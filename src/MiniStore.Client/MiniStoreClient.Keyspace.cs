using System.Buffers.Text;
using System.Text;
using MiniStore.Client.Internal;

namespace MiniStore.Client;

/// <summary>When an expiry is applied: always, or only under PEXPIRE's NX / XX / GT / LT condition.</summary>
public enum ExpireCondition : byte
{
    Always,

    /// <summary>NX: only if the key has no expiry yet.</summary>
    IfNoExpiry,

    /// <summary>XX: only if the key already has an expiry.</summary>
    IfHasExpiry,

    /// <summary>GT: only if later than the current expiry (a key without one never qualifies).</summary>
    IfLater,

    /// <summary>LT: only if earlier than the current expiry (a key without one always qualifies).</summary>
    IfEarlier,
}

/// <summary>Typed keyspace commands: PEXPIRE / PEXPIREAT, PERSIST, TYPE, RENAME / RENAMENX, KEYS.</summary>
public sealed partial class MiniStoreClient
{
    private static readonly ReadOnlyMemory<byte> PExpireWord = "PEXPIRE"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> PExpireAtWord = "PEXPIREAT"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> PersistWord = "PERSIST"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> TypeWord = "TYPE"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> RenameWord = "RENAME"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> RenameNxWord = "RENAMENX"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> KeysWord = "KEYS"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> GtWord = "GT"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> LtWord = "LT"u8.ToArray();

    /// <summary>
    /// PEXPIRE: gives the key a time to live (whole milliseconds); true if set, false if the key does not exist or
    /// <paramref name="condition"/> stopped it. A time to live of zero or less deletes the key (and is true).
    /// </summary>
    public Task<bool> ExpireAsync(ReadOnlyMemory<byte> key, TimeSpan ttl, ExpireCondition condition = ExpireCondition.Always, CancellationToken cancellationToken = default) =>
        SendExpire(PExpireWord, key, (long)ttl.TotalMilliseconds, condition, cancellationToken);

    public Task<bool> ExpireAsync(string key, TimeSpan ttl, ExpireCondition condition = ExpireCondition.Always, CancellationToken cancellationToken = default) =>
        ExpireAsync(Encode(key), ttl, condition, cancellationToken);

    /// <summary>PEXPIREAT: expires the key at <paramref name="when"/>; a time already past deletes it. As <see cref="ExpireAsync(ReadOnlyMemory{byte}, TimeSpan, ExpireCondition, CancellationToken)"/> otherwise.</summary>
    public Task<bool> ExpireAtAsync(ReadOnlyMemory<byte> key, DateTimeOffset when, ExpireCondition condition = ExpireCondition.Always, CancellationToken cancellationToken = default) =>
        SendExpire(PExpireAtWord, key, when.ToUnixTimeMilliseconds(), condition, cancellationToken);

    public Task<bool> ExpireAtAsync(string key, DateTimeOffset when, ExpireCondition condition = ExpireCondition.Always, CancellationToken cancellationToken = default) =>
        ExpireAtAsync(Encode(key), when, condition, cancellationToken);

    /// <summary>PERSIST: removes the key's expiry; true if it had one.</summary>
    public async Task<bool> PersistAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        await _connection.SendAsync([PersistWord, key], ReplyDecoders.Integer, cancellationToken).ConfigureAwait(false) == 1;

    public Task<bool> PersistAsync(string key, CancellationToken cancellationToken = default) => PersistAsync(Encode(key), cancellationToken);

    /// <summary>TYPE: <c>string</c>, <c>hash</c>, <c>list</c>, <c>set</c>, <c>zset</c>, or <c>none</c> when the key does not exist.</summary>
    public Task<string> TypeAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([TypeWord, key], ReplyDecoders.Text, cancellationToken);

    public Task<string> TypeAsync(string key, CancellationToken cancellationToken = default) => TypeAsync(Encode(key), cancellationToken);

    /// <summary>
    /// RENAME (or RENAMENX when <paramref name="onlyIfAbsent"/>): moves the value and its expiry to
    /// <paramref name="newKey"/>, replacing what was there; false only when RENAMENX found <paramref name="newKey"/>
    /// taken. A missing <paramref name="key"/> throws <see cref="MiniStoreServerException"/> (no such key).
    /// </summary>
    public async Task<bool> RenameAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> newKey, bool onlyIfAbsent = false, CancellationToken cancellationToken = default)
    {
        if (onlyIfAbsent)
        {
            return await _connection.SendAsync([RenameNxWord, key, newKey], ReplyDecoders.Integer, cancellationToken).ConfigureAwait(false) == 1;
        }

        return await _connection.SendAsync([RenameWord, key, newKey], ReplyDecoders.Ok, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> RenameAsync(string key, string newKey, bool onlyIfAbsent = false, CancellationToken cancellationToken = default) =>
        RenameAsync(Encode(key), Encode(newKey), onlyIfAbsent, cancellationToken);

    /// <summary>KEYS: every key matching the glob <paramref name="pattern"/>, in no particular order. It walks the whole keyspace: prefer it for small stores.</summary>
    public Task<IReadOnlyList<byte[]>> KeysAsync(ReadOnlyMemory<byte> pattern, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([KeysWord, pattern], KeyList, cancellationToken);

    public async Task<IReadOnlyList<string>> KeysAsync(string pattern, CancellationToken cancellationToken = default) =>
        [.. (await KeysAsync(Encode(pattern), cancellationToken).ConfigureAwait(false)).Select(Decode)];

    private Task<bool> SendExpire(ReadOnlyMemory<byte> command, ReadOnlyMemory<byte> key, long number, ExpireCondition condition, CancellationToken cancellationToken)
    {
        var digits = new byte[20];
        Utf8Formatter.TryFormat(number, digits, out var written);
        ReadOnlyMemory<byte> conditionWord = condition switch
        {
            ExpireCondition.Always => default,
            ExpireCondition.IfNoExpiry => Words.Nx,
            ExpireCondition.IfHasExpiry => Words.Xx,
            ExpireCondition.IfLater => GtWord,
            ExpireCondition.IfEarlier => LtWord,
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "Not an expire condition."),
        };
        ReadOnlyMemory<byte>[] arguments = condition == ExpireCondition.Always
            ? [command, key, digits.AsMemory(0, written)]
            : [command, key, digits.AsMemory(0, written), conditionWord];
        return SendExpireRequest(arguments, cancellationToken);
    }

    private async Task<bool> SendExpireRequest(ReadOnlyMemory<byte>[] arguments, CancellationToken cancellationToken) =>
        await _connection.SendAsync(arguments, ReplyDecoders.Integer, cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>An array of values (KEYS): each element's bytes.</summary>
    private static IReadOnlyList<byte[]> KeyList(in RawReply reply)
    {
        switch (reply.Kind)
        {
            case RawKind.Array when reply.Aggregate is { } array:
                var keys = new byte[array.Elements.Count][];
                for (var i = 0; i < keys.Length; i++)
                {
                    var element = array.Elements[i];
                    keys[i] = element.Kind == ReplyKind.Value ? element.Bytes.ToArray() : throw new MiniStoreProtocolException($"Unexpected element {element} in a list of keys.");
                }

                return keys;
            case RawKind.Error:
                throw new MiniStoreServerException(Encoding.UTF8.GetString(reply.Bytes));
            default:
                throw new MiniStoreProtocolException($"Unexpected reply of kind {reply.Kind} where a list of keys was due.");
        }
    }
}
