using System.Buffers.Text;
using System.Text;

namespace MiniStore.Client;

/// <summary>Typed list commands: LPUSH, RPUSH, LRANGE, LPOP. A server error (WRONGTYPE ...) throws <see cref="MiniStoreServerException"/>.</summary>
public sealed partial class MiniStoreClient
{
    private static readonly ReadOnlyMemory<byte> LPushWord = "LPUSH"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> RPushWord = "RPUSH"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> LRangeWord = "LRANGE"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> LPopWord = "LPOP"u8.ToArray();

    /// <summary>LPUSH: prepends the values (the last one ends up first); the list's length after.</summary>
    public Task<long> ListLeftPushAsync(ReadOnlyMemory<byte> key, IReadOnlyCollection<ReadOnlyMemory<byte>> values, CancellationToken cancellationToken = default) =>
        PushAsync(LPushWord, key, values, cancellationToken);

    public Task<long> ListLeftPushAsync(string key, params string[] values) =>
        ListLeftPushAsync(Encode(key), EncodeValues(values));

    /// <summary>RPUSH: appends the values in order; the list's length after.</summary>
    public Task<long> ListRightPushAsync(ReadOnlyMemory<byte> key, IReadOnlyCollection<ReadOnlyMemory<byte>> values, CancellationToken cancellationToken = default) =>
        PushAsync(RPushWord, key, values, cancellationToken);

    public Task<long> ListRightPushAsync(string key, params string[] values) =>
        ListRightPushAsync(Encode(key), EncodeValues(values));

    /// <summary>LRANGE: the elements from <paramref name="start"/> through <paramref name="stop"/> (negative counts from the end); empty when the key is absent.</summary>
    public async Task<byte[][]> ListRangeAsync(ReadOnlyMemory<byte> key, long start = 0, long stop = -1, CancellationToken cancellationToken = default)
    {
        var reply = Checked(await ExecuteAsync([LRangeWord, key, FormatNumber(start), FormatNumber(stop)], cancellationToken).ConfigureAwait(false));
        if (reply.Kind != ReplyKind.Array)
        {
            throw new MiniStoreProtocolException($"LRANGE answered {reply.Kind}, not an array.");
        }

        return reply.Elements.Select(element => element.Bytes.ToArray()).ToArray();
    }

    /// <summary>LRANGE, each element decoded as UTF-8.</summary>
    public async Task<string[]> ListRangeAsync(string key, long start = 0, long stop = -1, CancellationToken cancellationToken = default) =>
        (await ListRangeAsync(Encode(key), start, stop, cancellationToken).ConfigureAwait(false)).Select(Decode).ToArray();

    /// <summary>LPOP: removes and returns the first element; null when the key is absent.</summary>
    public async Task<byte[]?> ListLeftPopAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default)
    {
        var reply = Checked(await ExecuteAsync([LPopWord, key], cancellationToken).ConfigureAwait(false));
        return reply.Kind switch
        {
            ReplyKind.Nil => null,
            ReplyKind.Value => reply.Bytes.ToArray(),
            _ => throw new MiniStoreProtocolException($"LPOP answered {reply.Kind}, not a value."),
        };
    }

    public async Task<string?> ListLeftPopAsync(string key, CancellationToken cancellationToken = default) =>
        DecodeOrNull(await ListLeftPopAsync(Encode(key), cancellationToken).ConfigureAwait(false));

    private async Task<long> PushAsync(ReadOnlyMemory<byte> command, ReadOnlyMemory<byte> key, IReadOnlyCollection<ReadOnlyMemory<byte>> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        var arguments = new ReadOnlyMemory<byte>[values.Count + 2];
        arguments[0] = command;
        arguments[1] = key;
        var i = 2;
        foreach (var value in values)
        {
            arguments[i++] = value;
        }

        var reply = Checked(await ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false));
        return reply.Kind == ReplyKind.Integer
            ? reply.Integer
            : throw new MiniStoreProtocolException($"{Encoding.ASCII.GetString(command.Span)} answered {reply.Kind}, not an integer.");
    }

    private static ReadOnlyMemory<byte>[] EncodeValues(string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. values.Select(value => (ReadOnlyMemory<byte>)Encode(value))];
    }

    private static ReadOnlyMemory<byte> FormatNumber(long value)
    {
        var digits = new byte[20];
        Utf8Formatter.TryFormat(value, digits, out var written);
        return digits.AsMemory(0, written);
    }
}
