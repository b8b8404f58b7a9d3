using System.Text;
using MiniStore.Client.Internal;

namespace MiniStore.Client;

/// <summary>The typed set commands: SADD, SREM, SISMEMBER, SMEMBERS, each with a byte and a string form.</summary>
public sealed partial class MiniStoreClient
{
    private static readonly ReadOnlyMemory<byte> SAddWord = "SADD"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> SRemWord = "SREM"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> SIsMemberWord = "SISMEMBER"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> SMembersWord = "SMEMBERS"u8.ToArray();

    /// <summary>SADD key member...: how many of the members were new.</summary>
    public Task<long> SetAddAsync(ReadOnlyMemory<byte> key, IReadOnlyCollection<ReadOnlyMemory<byte>> members, CancellationToken cancellationToken = default) =>
        SendMembers(SAddWord, key, members, cancellationToken);

    public Task<long> SetAddAsync(string key, IEnumerable<string> members, CancellationToken cancellationToken = default) =>
        SetAddAsync(Encode(key), EncodeAll(members), cancellationToken);

    /// <summary>SREM key member...: how many of the members were there (a set left empty is deleted).</summary>
    public Task<long> SetRemoveAsync(ReadOnlyMemory<byte> key, IReadOnlyCollection<ReadOnlyMemory<byte>> members, CancellationToken cancellationToken = default) =>
        SendMembers(SRemWord, key, members, cancellationToken);

    public Task<long> SetRemoveAsync(string key, IEnumerable<string> members, CancellationToken cancellationToken = default) =>
        SetRemoveAsync(Encode(key), EncodeAll(members), cancellationToken);

    /// <summary>SISMEMBER: whether the set holds the member (false when the key does not exist).</summary>
    public async Task<bool> SetContainsAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> member, CancellationToken cancellationToken = default) =>
        await _connection.SendAsync([SIsMemberWord, key, member], ReplyDecoders.Integer, cancellationToken).ConfigureAwait(false) == 1;

    public Task<bool> SetContainsAsync(string key, string member, CancellationToken cancellationToken = default) =>
        SetContainsAsync(Encode(key), Encode(member), cancellationToken);

    /// <summary>SMEMBERS: every member, in no particular order (none when the key does not exist).</summary>
    public Task<byte[][]> SetMembersAsync(ReadOnlyMemory<byte> key, CancellationToken cancellationToken = default) =>
        _connection.SendAsync([SMembersWord, key], DecodeMembers, cancellationToken);

    public async Task<string[]> SetMembersAsync(string key, CancellationToken cancellationToken = default) =>
        Array.ConvertAll(await SetMembersAsync(Encode(key), cancellationToken).ConfigureAwait(false), Decode);

    private static byte[][] DecodeMembers(in RawReply reply)
    {
        if (reply.Kind == RawKind.Error)
        {
            throw new MiniStoreServerException(Encoding.UTF8.GetString(reply.Bytes));
        }

        if (reply.Kind != RawKind.Array || reply.Aggregate is null)
        {
            throw new MiniStoreProtocolException($"Expected an array of members, got {reply.Kind}.");
        }

        var elements = reply.Aggregate.Elements;
        var members = new byte[elements.Count][];
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = elements[i].Kind == ReplyKind.Value
                ? elements[i].Bytes.ToArray()
                : throw new MiniStoreProtocolException($"Expected a member, got {elements[i].Kind}.");
        }

        return members;
    }

    private Task<long> SendMembers(ReadOnlyMemory<byte> command, ReadOnlyMemory<byte> key, IReadOnlyCollection<ReadOnlyMemory<byte>> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("At least one member is needed.", nameof(members));
        }

        var arguments = new ReadOnlyMemory<byte>[members.Count + 2];
        arguments[0] = command;
        arguments[1] = key;
        var i = 2;
        foreach (var member in members)
        {
            arguments[i++] = member;
        }

        return _connection.SendAsync(arguments, ReplyDecoders.Integer, cancellationToken);
    }
}
