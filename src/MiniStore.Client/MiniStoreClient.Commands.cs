using System.Buffers.Text;
using System.Text;
using MiniStore.Client.Internal;
using MiniStore.Protocol;

namespace MiniStore.Client;

/// <summary>The typed commands of protocol.md A.4, each with a byte and a string form.</summary>
public sealed partial class MiniStoreClient
{
    /// <summary>PING: the server's <c>PONG</c>.</summary>
    public Task<string> PingAsync(CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.Ping], ReplyDecoders.Pong, cancellationToken);

    /// <summary>PING msg: the message echoed back.</summary>
    public Task<byte[]> PingAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.Ping, message], ReplyDecoders.PongMessage, cancellationToken);

    public async Task<string> PingAsync(string message, CancellationToken cancellationToken = default) =>
        Decode(await PingAsync(Encode(message), cancellationToken).ConfigureAwait(false));

    /// <summary>GET: the value, or null if the key does not exist.</summary>
    public Task<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.Get, key], ReplyDecoders.Value, cancellationToken);

    /// <summary>GET, the value decoded as UTF-8.</summary>
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        DecodeOrNull(await GetAsync(Encode(key), cancellationToken).ConfigureAwait(false));

    /// <summary>SET: true if written, false if NX / XX stopped it.</summary>
    public Task<bool> SetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, SetOptions options = default, CancellationToken cancellationToken = default) =>
        SendSet(key, value, options, get: false, ReplyDecoders.Ok, cancellationToken);

    public Task<bool> SetAsync(string key, string value, SetOptions options = default, CancellationToken cancellationToken = default) =>
        SetAsync(Encode(key), Encode(value), options, cancellationToken);

    /// <summary>SET ... GET: the key's old value (null if it had none), whether or not NX / XX let the write happen.</summary>
    public Task<byte[]?> SetAndGetAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, SetOptions options = default, CancellationToken cancellationToken = default) =>
        SendSet(key, value, options, get: true, ReplyDecoders.Value, cancellationToken);

    public async Task<string?> SetAndGetAsync(string key, string value, SetOptions options = default, CancellationToken cancellationToken = default) =>
        DecodeOrNull(await SetAndGetAsync(Encode(key), Encode(value), options, cancellationToken).ConfigureAwait(false));

    /// <summary>GETEX: the value (or null), changing the expiry as asked (EX, PX, PERSIST; none leaves it).</summary>
    public Task<byte[]?> GetExAsync(ReadOnlyMemory<byte> key, Expiry expiry = default, CancellationToken cancellationToken = default)
    {
        if (expiry.Kind == ExpiryKind.KeepTtl)
        {
            throw new ArgumentException("KEEPTTL is a SET option; GETEX takes EX, PX or PERSIST.", nameof(expiry));
        }

        var buffer = default(ArgumentBuffer);
        Span<ReadOnlyMemory<byte>> arguments = buffer;
        arguments[0] = Words.GetEx;
        arguments[1] = key;
        var count = AppendExpiry(arguments, 2, expiry);
        return _connection.SendAsync(arguments[..count], ReplyDecoders.Value, cancellationToken);
    }

    public async Task<string?> GetExAsync(string key, Expiry expiry = default, CancellationToken cancellationToken = default) =>
        DecodeOrNull(await GetExAsync(Encode(key), expiry, cancellationToken).ConfigureAwait(false));

    /// <summary>TTL: seconds left (rounded to nearest), -1 if the key has no expiry, -2 if it does not exist.</summary>
    public Task<long> TtlAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.Ttl, key], ReplyDecoders.Integer, cancellationToken);

    public Task<long> TtlAsync(string key, CancellationToken cancellationToken = default) => TtlAsync(Encode(key), cancellationToken);

    /// <summary>PTTL: as <see cref="TtlAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, in milliseconds.</summary>
    public Task<long> PttlAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.Pttl, key], ReplyDecoders.Integer, cancellationToken);

    public Task<long> PttlAsync(string key, CancellationToken cancellationToken = default) => PttlAsync(Encode(key), cancellationToken);

    /// <summary>DEL: 1 if the key was removed, else 0.</summary>
    public Task<long> DelAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.Del, key], ReplyDecoders.Integer, cancellationToken);

    /// <summary>DEL key ...: the number of keys removed.</summary>
    public Task<long> DelAsync(IReadOnlyCollection<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default) =>
        SendKeys(Words.Del, keys, cancellationToken);

    public Task<long> DelAsync(string key, CancellationToken cancellationToken = default) => DelAsync(Encode(key), cancellationToken);

    public Task<long> DelAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        DelAsync(EncodeAll(keys), cancellationToken);

    /// <summary>EXISTS: 1 if the key exists, else 0.</summary>
    public Task<long> ExistsAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.Exists, key], ReplyDecoders.Integer, cancellationToken);

    /// <summary>EXISTS key ...: how many of the keys exist (a key named twice counts twice).</summary>
    public Task<long> ExistsAsync(IReadOnlyCollection<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken = default) =>
        SendKeys(Words.Exists, keys, cancellationToken);

    public Task<long> ExistsAsync(string key, CancellationToken cancellationToken = default) => ExistsAsync(Encode(key), cancellationToken);

    public Task<long> ExistsAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        ExistsAsync(EncodeAll(keys), cancellationToken);

    /// <summary>DBSIZE: the number of live keys.</summary>
    public Task<long> DbSizeAsync(CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.DbSize], ReplyDecoders.Integer, cancellationToken);

    /// <summary>INFO: the server's statistics.</summary>
    public async Task<ServerInfo> InfoAsync(CancellationToken cancellationToken = default) =>
        new(await _connection.SendAsync([Words.Info], ReplyDecoders.Text, cancellationToken).ConfigureAwait(false));

    /// <summary>FLUSHALL: removes every key.</summary>
    public Task FlushAllAsync(CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.FlushAll], ReplyDecoders.Ok, cancellationToken);

    /// <summary>QUIT: the server answers OK and closes the connection; no request can follow it.</summary>
    public Task QuitAsync(CancellationToken cancellationToken = default) =>
        _connection.SendAsync([Words.Quit], ReplyDecoders.Ok, cancellationToken, RequestFlags.Quit);

    /// <summary>
    /// PASS (line) or AUTH (RESP). A wrong password throws <see cref="MiniStoreServerException"/>; after three
    /// the server closes the connection. On the line protocol a connection already authenticated answers
    /// <c>Already authenticated</c> without checking the password, which counts as success here.
    /// </summary>
    public Task AuthenticateAsync(ReadOnlyMemory<byte> password, CancellationToken cancellationToken = default) =>
        _connection.SendAsync(
            [Protocol == WireFormat.Resp ? Words.Auth : Words.Pass, password],
            ReplyDecoders.Authenticated,
            cancellationToken,
            RequestFlags.Authentication);

    public Task AuthenticateAsync(string password, CancellationToken cancellationToken = default) =>
        AuthenticateAsync(Encode(password), cancellationToken);

    private Task<T> SendSet<T>(
        ReadOnlyMemory<byte> key,
        ReadOnlyMemory<byte> value,
        SetOptions options,
        bool get,
        ReplyDecoder<T> decoder,
        CancellationToken cancellationToken)
    {
        if (options.Expiry.Kind == ExpiryKind.Persist)
        {
            throw new ArgumentException("PERSIST is a GETEX option; SET takes EX, PX or KEEPTTL.", nameof(options));
        }

        var buffer = default(ArgumentBuffer);
        Span<ReadOnlyMemory<byte>> arguments = buffer;
        arguments[0] = Words.Set;
        arguments[1] = key;
        arguments[2] = value;
        var count = 3;
        switch (options.Condition)
        {
            case SetCondition.IfNotExists:
                arguments[count++] = Words.Nx;
                break;
            case SetCondition.IfExists:
                arguments[count++] = Words.Xx;
                break;
        }

        count = AppendExpiry(arguments, count, options.Expiry);
        if (get)
        {
            arguments[count++] = Words.Get;
        }

        return _connection.SendAsync(arguments[..count], decoder, cancellationToken);
    }

    private Task<long> SendKeys(ReadOnlyMemory<byte> command, IReadOnlyCollection<ReadOnlyMemory<byte>> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is needed.", nameof(keys));
        }

        var arguments = new ReadOnlyMemory<byte>[keys.Count + 1];
        arguments[0] = command;
        var i = 1;
        foreach (var key in keys)
        {
            arguments[i++] = key;
        }

        return _connection.SendAsync(arguments, ReplyDecoders.Integer, cancellationToken);
    }

    private static int AppendExpiry(Span<ReadOnlyMemory<byte>> arguments, int count, Expiry expiry)
    {
        switch (expiry.Kind)
        {
            case ExpiryKind.Seconds:
                arguments[count++] = Words.Ex;
                arguments[count++] = FormatInteger(expiry.Value);
                break;
            case ExpiryKind.Milliseconds:
                arguments[count++] = Words.Px;
                arguments[count++] = FormatInteger(expiry.Value);
                break;
            case ExpiryKind.KeepTtl:
                arguments[count++] = Words.KeepTtl;
                break;
            case ExpiryKind.Persist:
                arguments[count++] = Words.Persist;
                break;
        }

        return count;
    }

    private static ReadOnlyMemory<byte> FormatInteger(long value)
    {
        var digits = new byte[20];
        Utf8Formatter.TryFormat(value, digits, out var written);
        return digits.AsMemory(0, written);
    }

    internal static byte[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.GetBytes(text);
    }

    private static ReadOnlyMemory<byte>[] EncodeAll(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return [.. texts.Select(text => (ReadOnlyMemory<byte>)Encode(text))];
    }

    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static string? DecodeOrNull(byte[]? bytes) => bytes is null ? null : Encoding.UTF8.GetString(bytes);
}
