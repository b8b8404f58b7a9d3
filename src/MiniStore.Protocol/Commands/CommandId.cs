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
    Expire,
    PExpire,
    ExpireAt,
    PExpireAt,
    ExpireTime,
    PExpireTime,
    Persist,
    Type,
    Touch,
    RandomKey,
    Keys,
    Scan,
    Rename,
    RenameNx,
    Copy,

    // --- strings ---
    Incr,
    Decr,
    IncrBy,
    DecrBy,
    IncrByFloat,
    MGet,
    MSet,
    MSetNx,
    Append,
    StrLen,
    GetDel,
    GetSet,
    GetRange,
    Substr,
    SetRange,

    // --- hashes ---
    HSet,
    HMSet,
    HSetNx,
    HGet,
    HMGet,
    HGetAll,
    HDel,
    HExists,
    HLen,
    HKeys,
    HVals,
    HStrLen,
    HIncrBy,
    HIncrByFloat,
    HRandField,
    HScan,

    // --- lists ---
    LPush,
    RPush,
    LPushX,
    RPushX,
    LPop,
    RPop,
    LRange,
    LLen,
    LIndex,
    LSet,
    LRem,
    LTrim,
    LInsert,
    LPos,
    LMove,
    RPopLPush,

    // --- sets ---
    SAdd,
    SRem,
    SIsMember,
    SCard,
    SMembers,
    SMIsMember,
    SPop,
    SRandMember,
    SInter,
    SUnion,
    SDiff,
    SInterStore,
    SUnionStore,
    SDiffStore,
    SInterCard,
    SMove,
    SScan,

    // --- sorted sets ---

    // --- pub/sub ---
    Subscribe,
    Unsubscribe,
    PSubscribe,
    PUnsubscribe,
    Publish,
    PubSub,

    // --- transactions ---
}
