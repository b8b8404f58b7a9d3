using System.Text;
using MiniStore.Client.Internal;

namespace MiniStore.Client;

/// <summary>Typed string commands beyond protocol.md A.4: INCR/INCRBY, DECR/DECRBY, MGET, MSET, APPEND.</summary>
public sealed partial class MiniStoreClient
{
    private static readonly ReadOnlyMemory<byte> IncrWord = "INCR"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> IncrByWord = "INCRBY"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> DecrWord = "DECR"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> DecrByWord = "DECRBY"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> MGetWord = "MGET"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> MSetWord = "MSET"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> AppendWord = "APPEND"u8.ToArray();

    /// <summary>INCR (or INCRBY when <paramref name="by"/> is not 1): the new value; a missing key counts from 0.</summary>
    public Task<long> IncrementAsync(ReadOnlyMemory<byte> key, long by = 1, CancellationToken cancellationToken = default) =>
        by == 1
            ? _connection.SendAsync([IncrWord, key], ReplyDecoders.Integer, cancellationToken)
            : _connection.SendAsync([IncrByWord, key, FormatInteger(by)], ReplyDecoders.Integer, cancellationToken);

    public Task<long> IncrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) =>
        IncrementAsync(Encode(key), by, cancellationToken);

    /// <summary>DECR (or DECRBY when <paramref name="by"/> is not 1): the new value.</summary>
    public Task<long> DecrementAsync(ReadOnlyMemory<byte> key, long by = 1, CancellationToken cancellationToken = default) =>
        by == 1
            ? _connection.SendAsync([DecrWord, key], ReplyDecoders.Integer, cancellationToken)
            : _connection.SendAsync([DecrByWord, key, FormatInteger(by)], ReplyDecoders.Integer, cancellationToken);

    public Task<long> DecrementAsync(string key, long by = 1, CancellationToken cancellationToken = default) =>
        DecrementAsync(Encode(key), by, cancellationToken);

    /// <summary>MGET: each key's value in order, null for a missing key (or one holding another type).</summary>
    public Task<byte[]?[]> MGetAsync(IReadOnlyCollection<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is needed.", nameof(keys));
        }

        var arguments = new ReadOnlyMemory<byte>[keys.Count + 1];
        arguments[0] = MGetWord;
        var i = 1;
        foreach (var key in keys)
        {
            arguments[i++] = key;
        }

        return _connection.SendAsync(arguments, DecodeValues, cancellationToken);
    }

    /// <summary>MGET, the values decoded as UTF-8.</summary>
    public async Task<string?[]> MGetAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        var values = await MGetAsync(EncodeAll(keys), cancellationToken).ConfigureAwait(false);
        return [.. values.Select(DecodeOrNull)];
    }

    /// <summary>MSET: stores every pair at once (replacing any type, clearing expiries).</summary>
    public Task MSetAsync(IReadOnlyCollection<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>> pairs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            throw new ArgumentException("At least one key and value are needed.", nameof(pairs));
        }

        var arguments = new ReadOnlyMemory<byte>[(pairs.Count * 2) + 1];
        arguments[0] = MSetWord;
        var i = 1;
        foreach (var (key, value) in pairs)
        {
            arguments[i++] = key;
            arguments[i++] = value;
        }

        return _connection.SendAsync(arguments, ReplyDecoders.Ok, cancellationToken);
    }

    public Task MSetAsync(IEnumerable<KeyValuePair<string, string>> pairs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return MSetAsync(
            [.. pairs.Select(pair => new KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>(Encode(pair.Key), Encode(pair.Value)))],
            cancellationToken);
    }

    /// <summary>APPEND: the string's length after appending (a missing key is created).</summary>
    public Task<long> AppendAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([AppendWord, key, value], ReplyDecoders.Integer, cancellationToken);

    public Task<long> AppendAsync(string key, string value, CancellationToken cancellationToken = default) =>
        AppendAsync(Encode(key), Encode(value), cancellationToken);

    /// <summary>An array of values and nils (MGET), in either dialect.</summary>
    private static byte[]?[] DecodeValues(in RawReply reply)
    {
        if (reply.Kind == RawKind.Array && reply.Aggregate is { } array)
        {
            var values = new byte[]?[array.Elements.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var element = array.Elements[i];
                values[i] = element.Kind switch
                {
                    ReplyKind.Nil => null,
                    ReplyKind.Value or ReplyKind.Status => element.Bytes.ToArray(),
                    _ => throw new MiniStoreProtocolException($"Unexpected element {element} in an MGET reply."),
                };
            }

            return values;
        }

        if (reply.Kind == RawKind.Error)
        {
            throw new MiniStoreServerException(Encoding.UTF8.GetString(reply.Bytes));
        }

        throw new MiniStoreProtocolException($"Unexpected reply of kind {reply.Kind} where an array was due.");
    }
}
