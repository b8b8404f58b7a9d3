using System.Text;

namespace MiniStore.Client;

/// <summary>Typed hash commands (HSET, HGET, HGETALL, HDEL), for both wire formats.</summary>
public sealed partial class MiniStoreClient
{
    private static readonly ReadOnlyMemory<byte> HSetWord = "HSET"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> HGetWord = "HGET"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> HGetAllWord = "HGETALL"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> HDelWord = "HDEL"u8.ToArray();

    /// <summary>HSET key field value ...: the number of fields that were new.</summary>
    public async Task<long> HashSetAsync(ReadOnlyMemory<byte> key, IReadOnlyCollection<KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("HSET needs at least one field.", nameof(fields));
        }

        var arguments = new List<ReadOnlyMemory<byte>>((fields.Count * 2) + 2) { HSetWord, key };
        foreach (var (field, value) in fields)
        {
            arguments.Add(field);
            arguments.Add(value);
        }

        return IntegerOf(await ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>HSET key field value: true when the field was new.</summary>
    public async Task<bool> HashSetAsync(string key, string field, string value, CancellationToken cancellationToken = default) =>
        await HashSetAsync(Encode(key), [new(Encode(field), Encode(value))], cancellationToken).ConfigureAwait(false) == 1;

    public Task<long> HashSetAsync(string key, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return HashSetAsync(Encode(key), [.. fields.Select(pair => new KeyValuePair<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>(Encode(pair.Key), Encode(pair.Value)))], cancellationToken);
    }

    /// <summary>HGET: the field's value, or null when the field or the key does not exist.</summary>
    public async Task<byte[]?> HashGetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> field, CancellationToken cancellationToken = default)
    {
        var reply = Checked(await ExecuteAsync([HGetWord, key, field], cancellationToken).ConfigureAwait(false));
        return reply.Kind == ReplyKind.Nil ? null : reply.Bytes.ToArray();
    }

    public async Task<string?> HashGetAsync(string key, string field, CancellationToken cancellationToken = default) =>
        DecodeOrNull(await HashGetAsync(Encode(key), Encode(field), cancellationToken).ConfigureAwait(false));

    /// <summary>HGETALL: every field and its value (empty when the key does not exist), in no particular order.</summary>
    public async Task<IReadOnlyList<KeyValuePair<byte[], byte[]>>> HashGetAllAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var reply = Checked(await ExecuteAsync([HGetAllWord, key], cancellationToken).ConfigureAwait(false));
        if (reply.Kind != ReplyKind.Array || reply.Elements.Count % 2 != 0)
        {
            throw new MiniStoreProtocolException($"HGETALL: expected an array of field-value pairs, got {reply}");
        }

        var pairs = new KeyValuePair<byte[], byte[]>[reply.Elements.Count / 2];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = new(reply.Elements[2 * i].Bytes.ToArray(), reply.Elements[(2 * i) + 1].Bytes.ToArray());
        }

        return pairs;
    }

    /// <summary>HGETALL, fields and values decoded as UTF-8.</summary>
    public async Task<IReadOnlyDictionary<string, string>> HashGetAllAsync(string key, CancellationToken cancellationToken = default)
    {
        var pairs = await HashGetAllAsync(Encode(key), cancellationToken).ConfigureAwait(false);
        return pairs.ToDictionary(pair => Encoding.UTF8.GetString(pair.Key), pair => Encoding.UTF8.GetString(pair.Value), StringComparer.Ordinal);
    }

    /// <summary>HDEL key field ...: the number of fields removed (the key goes with its last field).</summary>
    public async Task<long> HashDeleteAsync(ReadOnlyMemory<byte> key, IReadOnlyCollection<ReadOnlyMemory<byte>> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("HDEL needs at least one field.", nameof(fields));
        }

        return IntegerOf(await ExecuteAsync([HDelWord, key, .. fields], cancellationToken).ConfigureAwait(false));
    }

    public Task<long> HashDeleteAsync(string key, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return HashDeleteAsync(Encode(key), [.. fields.Select(field => (ReadOnlyMemory<byte>)Encode(field))]);
    }

    private static ClientReply Checked(ClientReply reply) =>
        reply.Kind == ReplyKind.Error ? throw new MiniStoreServerException(reply.Text) : reply;

    private static long IntegerOf(ClientReply reply)
    {
        reply = Checked(reply);
        return reply.Kind == ReplyKind.Integer ? reply.Integer : throw new MiniStoreProtocolException($"expected an integer, got {reply}");
    }
}
