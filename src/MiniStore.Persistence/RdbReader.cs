using System.Globalization;
using System.Text;
using MiniStore.Core;
using MiniStore.Persistence.Encodings;

namespace MiniStore.Persistence;

/// <summary>
/// Reads an RDB file of versions 1 to 11 (redis-server up to 7.2): every opcode, strings in all encodings, and hashes,
/// lists, sets and sorted sets in every encoding Redis has written (plain, zipmap, ziplist, quicklist 1 and 2,
/// intset, listpack). Keys of types MiniStore does not have (streams, module values) are skipped and counted in
/// <see cref="SkippedKeys"/>, as are functions; a module value from before module format 2 cannot be skipped and
/// stops the read. The checksum is verified at the end (unless the file has none, as Redis's rdbchecksum no writes).
/// Any inconsistency throws <see cref="RdbFormatException"/> with the offset where it was found.
/// </summary>
public sealed class RdbReader
{
    private readonly RdbInput _in;
    private readonly Dictionary<string, string> _aux = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);

    /// <param name="stream">The file, from its first byte.</param>
    /// <param name="length">The file's length when known (a corrupt length is then found before it is allocated); -1 otherwise.</param>
    public RdbReader(Stream stream, long length = -1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (length < 0 && stream.CanSeek)
        {
            length = stream.Length - stream.Position;
        }

        _in = new RdbInput(stream, length);
    }

    public int Version { get; private set; }

    /// <summary>The AUX fields read so far (redis-ver, ctime, ...).</summary>
    public IReadOnlyDictionary<string, string> Aux => _aux;

    /// <summary>Things read past without loading, by kind ("stream", "module", "function"): how many.</summary>
    public IReadOnlyDictionary<string, long> SkippedKeys => _skipped;

    /// <summary>Bytes read so far (for progress).</summary>
    public long Offset => _in.Offset;

    /// <summary>Whether the file carried a checksum and it matched (false for a file written without one). Set at the end.</summary>
    public bool ChecksumVerified { get; private set; }

    /// <summary>Every key, in file order. The file is consumed as the keys are: read each before asking for the next.</summary>
    public IEnumerable<RdbEntry> ReadEntries()
    {
        ReadHeader();
        var database = 0;
        long? expire = null;
        while (true)
        {
            var at = _in.Offset;
            var type = _in.ReadByte();
            switch (type)
            {
                case RdbFormat.OpEof:
                    VerifyChecksum();
                    yield break;
                case RdbFormat.OpExpireTime:
                    expire = (long)_in.ReadUInt32LittleEndian() * 1000;
                    continue;
                case RdbFormat.OpExpireTimeMs:
                    expire = (long)_in.ReadUInt64LittleEndian();
                    continue;
                case RdbFormat.OpFreq:
                    _in.ReadByte();
                    continue;
                case RdbFormat.OpIdle:
                    _in.ReadLength();
                    continue;
                case RdbFormat.OpSelectDb:
                    var db = _in.ReadLength();
                    database = db <= int.MaxValue ? (int)db : throw new RdbFormatException(at, $"bad database number {db}");
                    continue;
                case RdbFormat.OpResizeDb:
                    _in.ReadLength();
                    _in.ReadLength();
                    continue;
                case RdbFormat.OpAux:
                    var name = Encoding.UTF8.GetString(_in.ReadString());
                    _aux[name] = Encoding.UTF8.GetString(_in.ReadString());
                    continue;
                case RdbFormat.OpModuleAux:
                    SkipModuleAux(at);
                    Count("module aux data");
                    continue;
                case RdbFormat.OpFunction2:
                    _in.SkipString();
                    Count("function library");
                    continue;
                case RdbFormat.OpFunctionPreGa:
                    throw new RdbFormatException(at, "functions in the format of Redis 7.0 release candidates cannot be read");
            }

            if (type > RdbFormat.TypeStreamListpacks3 || type == 8)
            {
                throw new RdbFormatException(at, $"unknown opcode or value type {type}");
            }

            var key = _in.ReadString();
            var value = ReadValue(type, at);
            var keyExpire = expire;
            expire = null;
            if (value is not null)
            {
                yield return new RdbEntry(database, key, value, keyExpire);
            }
        }
    }

    private void ReadHeader()
    {
        Span<byte> magic = stackalloc byte[9];
        try
        {
            _in.ReadExact(magic);
        }
        catch (RdbFormatException)
        {
            throw new RdbFormatException(0, "not an RDB file (shorter than its 9-byte header)");
        }

        if (!magic[..5].SequenceEqual("REDIS"u8)
            || !int.TryParse(Encoding.ASCII.GetString(magic[5..]), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new RdbFormatException(0, "not an RDB file (no REDIS header)");
        }

        if (version is < 1 or > RdbFormat.NewestReadable)
        {
            throw new RdbFormatException(5, $"RDB format version {version} is not supported (1 to {RdbFormat.NewestReadable} are)");
        }

        Version = version;
    }

    private void VerifyChecksum()
    {
        if (Version < 5)
        {
            return;
        }

        var computed = _in.Checksum;
        var at = _in.Offset;
        var stored = _in.ReadUInt64LittleEndian();
        if (stored == 0)
        {
            return;
        }

        if (stored != computed)
        {
            throw new RdbFormatException(at, $"wrong checksum: the file says {stored:x16}, its contents give {computed:x16}");
        }

        ChecksumVerified = true;
    }

    /// <summary>The value of a key of <paramref name="type"/>; null when it is skipped (a type we do not have, or empty).</summary>
    private object? ReadValue(byte type, long at)
    {
        try
        {
            return type switch
            {
                RdbFormat.TypeString => _in.ReadString(),
                RdbFormat.TypeList => NonEmpty(ListOf(ReadStrings(_in.ReadCount()))),
                RdbFormat.TypeSet => NonEmpty(SetOf(ReadStrings(_in.ReadCount()))),
                RdbFormat.TypeZset or RdbFormat.TypeZset2 => NonEmpty(ReadPlainZset(type == RdbFormat.TypeZset2, at)),
                RdbFormat.TypeHash => NonEmpty(ReadPlainHash()),
                RdbFormat.TypeHashZipmap => NonEmpty(HashOf(Zipmap.Decode(_in.ReadString()), at)),
                RdbFormat.TypeListZiplist => NonEmpty(ListOf(Ziplist.Decode(_in.ReadString()))),
                RdbFormat.TypeSetIntset => NonEmpty(SetOf(Intset.Decode(_in.ReadString()))),
                RdbFormat.TypeZsetZiplist => NonEmpty(ZsetOf(Ziplist.Decode(_in.ReadString()), at)),
                RdbFormat.TypeHashZiplist => NonEmpty(HashOf(Ziplist.Decode(_in.ReadString()), at)),
                RdbFormat.TypeListQuicklist => NonEmpty(ReadQuicklist(version2: false, at)),
                RdbFormat.TypeHashListpack => NonEmpty(HashOf(Listpack.Decode(_in.ReadString()), at)),
                RdbFormat.TypeZsetListpack => NonEmpty(ZsetOf(Listpack.Decode(_in.ReadString()), at)),
                RdbFormat.TypeListQuicklist2 => NonEmpty(ReadQuicklist(version2: true, at)),
                RdbFormat.TypeSetListpack => NonEmpty(SetOf(Listpack.Decode(_in.ReadString()))),
                RdbFormat.TypeStreamListpacks or RdbFormat.TypeStreamListpacks2 or RdbFormat.TypeStreamListpacks3 => SkipStream(type),
                RdbFormat.TypeModule2 => SkipModuleValue(at),
                RdbFormat.TypeModule => throw new RdbFormatException(at, "a module value in the format before Redis 4.0's module format 2 cannot be skipped"),
                _ => throw new RdbFormatException(at, $"unknown opcode or value type {type}"),
            };
        }
        catch (CorruptEncodingException ex)
        {
            throw new RdbFormatException(at, $"corrupt value of type {type}: {ex.Message}", ex);
        }
    }

    private CollectionValue? NonEmpty(CollectionValue value)
    {
        if (value.Count > 0)
        {
            return value;
        }

        // Redis never writes an empty collection; it skips one when loading, and so do we.
        Count("empty collection");
        return null;
    }

    private List<byte[]> ReadStrings(int count)
    {
        var items = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(_in.ReadString());
        }

        return items;
    }

    private HashValue ReadPlainHash()
    {
        var count = _in.ReadCount(2);
        var hash = new HashValue();
        for (var i = 0; i < count; i++)
        {
            var field = _in.ReadString();
            hash.Set(field, _in.ReadString());
        }

        return hash;
    }

    private SortedSetValue ReadPlainZset(bool binaryScores, long at)
    {
        var count = _in.ReadCount(2);
        var zset = new SortedSetValue();
        for (var i = 0; i < count; i++)
        {
            var member = _in.ReadString();
            var score = binaryScores ? _in.ReadBinaryDouble() : _in.ReadTextDouble();
            if (double.IsNaN(score))
            {
                throw new RdbFormatException(at, "sorted set with a NaN score");
            }

            zset.Set(member, score);
        }

        return zset;
    }

    private ListValue ReadQuicklist(bool version2, long at)
    {
        var nodes = _in.ReadCount();
        var list = new ListValue();
        for (var i = 0; i < nodes; i++)
        {
            var container = version2 ? _in.ReadLength() : RdbFormat.QuicklistNodePacked;
            var blob = _in.ReadString();
            if (container == RdbFormat.QuicklistNodePlain)
            {
                list.PushBack(blob);
                continue;
            }

            if (container != RdbFormat.QuicklistNodePacked)
            {
                throw new RdbFormatException(at, $"quicklist node with unknown container {container}");
            }

            foreach (var item in version2 ? Listpack.Decode(blob) : Ziplist.Decode(blob))
            {
                list.PushBack(item);
            }
        }

        return list;
    }

    private static ListValue ListOf(List<byte[]> items)
    {
        var list = new ListValue();
        foreach (var item in items)
        {
            list.PushBack(item);
        }

        return list;
    }

    private static SetValue SetOf(List<byte[]> members)
    {
        var set = new SetValue();
        foreach (var member in members)
        {
            set.AddShared(member);
        }

        return set;
    }

    private static HashValue HashOf(List<byte[]> pairs, long at)
    {
        if (pairs.Count % 2 != 0)
        {
            throw new RdbFormatException(at, "hash encoding with an odd number of elements");
        }

        var hash = new HashValue();
        for (var i = 0; i < pairs.Count; i += 2)
        {
            hash.Set(pairs[i], pairs[i + 1]);
        }

        return hash;
    }

    private static SortedSetValue ZsetOf(List<byte[]> pairs, long at)
    {
        if (pairs.Count % 2 != 0)
        {
            throw new RdbFormatException(at, "sorted set encoding with an odd number of elements");
        }

        var zset = new SortedSetValue();
        for (var i = 0; i < pairs.Count; i += 2)
        {
            if (!RdbInput.ParseDouble(pairs[i + 1], out var score) || double.IsNaN(score))
            {
                throw new RdbFormatException(at, "sorted set with an invalid score");
            }

            zset.Set(pairs[i], score);
        }

        return zset;
    }

    /// <summary>
    /// Reads past a stream: its listpacks, length and IDs, then its consumer groups with their pending entries and
    /// consumers (version 2 adds first/max-deleted IDs, entries added and per-group read counters; version 3 a
    /// consumer's active time).
    /// </summary>
    private object? SkipStream(byte type)
    {
        var listpacks = _in.ReadCount(2);
        for (var i = 0; i < listpacks; i++)
        {
            _in.SkipString();
            _in.SkipString();
        }

        _in.ReadLength();
        _in.ReadLength();
        _in.ReadLength();
        if (type != RdbFormat.TypeStreamListpacks)
        {
            for (var i = 0; i < 5; i++)
            {
                _in.ReadLength();
            }
        }

        var groups = _in.ReadCount(3);
        for (var g = 0; g < groups; g++)
        {
            _in.SkipString();
            _in.ReadLength();
            _in.ReadLength();
            if (type != RdbFormat.TypeStreamListpacks)
            {
                _in.ReadLength();
            }

            var pending = _in.ReadCount(25);
            for (var p = 0; p < pending; p++)
            {
                _in.Skip(16 + 8);
                _in.ReadLength();
            }

            var consumers = _in.ReadCount(10);
            for (var c = 0; c < consumers; c++)
            {
                _in.SkipString();
                _in.Skip(type == RdbFormat.TypeStreamListpacks3 ? 16 : 8);
                var owned = _in.ReadCount(16);
                _in.Skip(16L * owned);
            }
        }

        Count("stream");
        return null;
    }

    private object? SkipModuleValue(long at)
    {
        _in.ReadLength();
        SkipModuleOpcodes(at);
        Count("module value");
        return null;
    }

    private void SkipModuleAux(long at)
    {
        _in.ReadLength();
        _in.ReadLength();
        _in.ReadLength();
        SkipModuleOpcodes(at);
    }

    /// <summary>Module data is self-describing from format 2 on: typed items, each after its opcode, up to an EOF opcode.</summary>
    private void SkipModuleOpcodes(long at)
    {
        while (true)
        {
            var opcode = _in.ReadLength();
            switch (opcode)
            {
                case RdbFormat.ModuleOpEof:
                    return;
                case RdbFormat.ModuleOpSint or RdbFormat.ModuleOpUint:
                    _in.ReadLength();
                    break;
                case RdbFormat.ModuleOpFloat:
                    _in.Skip(4);
                    break;
                case RdbFormat.ModuleOpDouble:
                    _in.Skip(8);
                    break;
                case RdbFormat.ModuleOpString:
                    _in.SkipString();
                    break;
                default:
                    throw new RdbFormatException(at, $"module data with unknown opcode {opcode}");
            }
        }
    }

    private void Count(string kind) => _skipped[kind] = _skipped.GetValueOrDefault(kind) + 1;
}
