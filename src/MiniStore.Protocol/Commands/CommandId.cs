using System.Diagnostics.CodeAnalysis;

namespace MiniStore.Protocol;

/// <summary>The commands the server knows, recognised by <see cref="CommandNames.Recognize"/>.</summary>
public enum CommandId : byte
{
    Unknown = 0,
    Ping,
    Get,
    Set,
    [SuppressMessage("Naming", "CA1711", Justification = "GETEX is the command's name.")]
    GetEx,
    Ttl,
    Pttl,
    Del,
    Exists,
    DbSize,
    Info,
    FlushAll,
    Quit,
    Pass,
    Auth,
    Hello,
    Select,
    Echo,
    Client,
    Command,
    Config,
    [SuppressMessage("Naming", "CA1711", Justification = "SETEX is the command's name.")]
    SetEx,
    [SuppressMessage("Naming", "CA1711", Justification = "PSETEX is the command's name.")]
    PSetEx,
    SetNx,
    Unlink,
    FlushDb,
    Monitor,
    Time,

    // Each family below appends its commands after its own marker, so families grow without touching each other.
    // --- keyspace ---

    // --- strings ---

    // --- hashes ---

    // --- lists ---

    // --- sets ---
    SAdd,
    SRem,
    SIsMember,
    SCard,
    SMembers,

    // --- sorted sets ---
    ZAdd,
    ZScore,
    ZCard,
    ZRem,
    ZPopMin,
    ZPopMax,
    ZIncrBy,
    ZMScore,
    ZRange,
    ZRangeByScore,
    ZRevRange,
    ZRevRangeByScore,
    ZRangeByLex,
    ZRevRangeByLex,
    ZCount,
    ZLexCount,
    ZRank,
    ZRevRank,
    ZRemRangeByScore,
    ZRemRangeByRank,
    ZRemRangeByLex,
    ZScan,
    ZRandMember,
    ZUnionStore,
    ZInterStore,

    // --- pub/sub ---

    // --- transactions ---
}
