namespace MiniStore.Persistence;

/// <summary>The RDB file's numbers: opcodes, value types and string encodings (Redis's rdb.h, version 10 and the older ones it reads).</summary>
internal static class RdbFormat
{
    /// <summary>What redis-server 7.0 writes (and what we write).</summary>
    public const int Version = 10;

    /// <summary>The newest version we read: 7.2's 11 adds only set listpacks and a stream field, both handled.</summary>
    public const int NewestReadable = 11;

    // Opcodes: a byte where a value type could be.
    public const byte OpFunction2 = 245;
    public const byte OpFunctionPreGa = 246;
    public const byte OpModuleAux = 247;
    public const byte OpIdle = 248;
    public const byte OpFreq = 249;
    public const byte OpAux = 250;
    public const byte OpResizeDb = 251;
    public const byte OpExpireTimeMs = 252;
    public const byte OpExpireTime = 253;
    public const byte OpSelectDb = 254;
    public const byte OpEof = 255;

    // Value types.
    public const byte TypeString = 0;
    public const byte TypeList = 1;
    public const byte TypeSet = 2;
    public const byte TypeZset = 3;
    public const byte TypeHash = 4;
    public const byte TypeZset2 = 5;
    public const byte TypeModule = 6;
    public const byte TypeModule2 = 7;
    public const byte TypeHashZipmap = 9;
    public const byte TypeListZiplist = 10;
    public const byte TypeSetIntset = 11;
    public const byte TypeZsetZiplist = 12;
    public const byte TypeHashZiplist = 13;
    public const byte TypeListQuicklist = 14;
    public const byte TypeStreamListpacks = 15;
    public const byte TypeHashListpack = 16;
    public const byte TypeZsetListpack = 17;
    public const byte TypeListQuicklist2 = 18;
    public const byte TypeStreamListpacks2 = 19;
    public const byte TypeSetListpack = 20;
    public const byte TypeStreamListpacks3 = 21;

    // Length encoding: the top two bits of the first byte.
    public const int Len6Bit = 0;
    public const int Len14Bit = 1;
    public const byte Len32Bit = 0x80;
    public const byte Len64Bit = 0x81;
    public const int LenEncoded = 3;

    // Special string encodings (after the 11 prefix).
    public const int EncInt8 = 0;
    public const int EncInt16 = 1;
    public const int EncInt32 = 2;
    public const int EncLzf = 3;

    // Quicklist 2 node containers.
    public const int QuicklistNodePlain = 1;
    public const int QuicklistNodePacked = 2;

    // Module value opcodes (type 7 values and module AUX), read to skip them.
    public const int ModuleOpEof = 0;
    public const int ModuleOpSint = 1;
    public const int ModuleOpUint = 2;
    public const int ModuleOpFloat = 3;
    public const int ModuleOpDouble = 4;
    public const int ModuleOpString = 5;

    /// <summary>redis-server compresses strings longer than this (rdbcompression yes); we do the same.</summary>
    public const int CompressMinLength = 20;

    /// <summary>A list is written as listpack nodes of about this many bytes (Redis's default list-max-listpack-size -2: 8 KiB).</summary>
    public const int ListNodeBytes = 8 * 1024;
}
