using MiniStore.Core;
using MiniStore.Persistence.Encodings;

namespace MiniStore.Persistence;

/// <summary>
/// Writes an RDB file, version 10, as redis-server 7.0 does: the "REDIS0010" header, AUX fields, SELECTDB and RESIZEDB,
/// then each key (an EXPIRETIME_MS opcode first when it has a deadline), EOF and the CRC-64 of it all. Strings are
/// written as integers, LZF-compressed or raw; lists as quicklists of listpack nodes (Redis 7.0's own encoding); hashes,
/// sets and sorted sets in their plain encodings, which redis-server turns into its compact ones on load when small.
/// Takes values in the form <see cref="KeyStore.Snapshot"/> gives them (see <see cref="StoredKey"/>).
/// </summary>
public sealed class RdbWriter
{
    private readonly RdbOutput _out;
    private State _state;

    public RdbWriter(Stream stream, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _out = new RdbOutput(stream, compress);
    }

    private enum State
    {
        Start,
        Header,
        Database,
        Done,
    }

    /// <summary>Bytes written so far.</summary>
    public long Position => _out.Position;

    /// <summary>The header and the AUX fields (name, value) redis-server would expect to see.</summary>
    public void WriteHeader(IEnumerable<KeyValuePair<string, string>> aux)
    {
        ArgumentNullException.ThrowIfNull(aux);
        Expect(State.Start);
        _out.Write("REDIS0010"u8);
        foreach (var (name, value) in aux)
        {
            _out.WriteByte(RdbFormat.OpAux);
            _out.WriteString(name);
            _out.WriteString(value);
        }

        _state = State.Header;
    }

    /// <summary>SELECTDB and RESIZEDB: the keys that follow are in <paramref name="database"/>; the sizes are hints.</summary>
    public void BeginDatabase(int database, long keys, long keysWithExpiry)
    {
        if (_state is not (State.Header or State.Database))
        {
            throw new InvalidOperationException("Write the header first.");
        }

        _out.WriteByte(RdbFormat.OpSelectDb);
        _out.WriteLength((ulong)database);
        _out.WriteByte(RdbFormat.OpResizeDb);
        _out.WriteLength((ulong)Math.Max(0, keys));
        _out.WriteLength((ulong)Math.Max(0, keysWithExpiry));
        _state = State.Database;
    }

    /// <summary>
    /// One key. <paramref name="value"/> is a <c>byte[]</c> (string), <c>KeyValuePair&lt;byte[], byte[]&gt;[]</c> (hash),
    /// <c>byte[][]</c> (list, head first), <see cref="StoredSet"/>, or <c>KeyValuePair&lt;byte[], double&gt;[]</c>
    /// (sorted set); <paramref name="expireUnixMs"/> is the absolute expiry, or null.
    /// </summary>
    public void WriteKey(ReadOnlySpan<byte> key, object value, long? expireUnixMs)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is byte[] text)
        {
            WriteStringKey(key, text, expireUnixMs);
            return;
        }

        WriteExpiry(expireUnixMs);
        switch (value)
        {
            case KeyValuePair<byte[], byte[]>[] fields:
                _out.WriteByte(RdbFormat.TypeHash);
                _out.WriteString(key);
                _out.WriteLength((ulong)fields.Length);
                foreach (var (field, fieldValue) in fields)
                {
                    _out.WriteString(field);
                    _out.WriteString(fieldValue);
                }

                break;
            case byte[][] items:
                _out.WriteByte(RdbFormat.TypeListQuicklist2);
                _out.WriteString(key);
                WriteQuicklist(items);
                break;
            case StoredSet set:
                _out.WriteByte(RdbFormat.TypeSet);
                _out.WriteString(key);
                _out.WriteLength((ulong)set.Members.Length);
                foreach (var member in set.Members)
                {
                    _out.WriteString(member);
                }

                break;
            case KeyValuePair<byte[], double>[] scored:
                _out.WriteByte(RdbFormat.TypeZset2);
                _out.WriteString(key);
                _out.WriteLength((ulong)scored.Length);
                foreach (var (member, score) in scored)
                {
                    _out.WriteString(member);
                    _out.WriteDouble(score);
                }

                break;
            default:
                throw new ArgumentException($"Cannot write a value of type {value.GetType().Name}.", nameof(value));
        }
    }

    /// <summary>Writes one string key (the form <see cref="StoredKey.Text"/> gives a string in, with no copy).</summary>
    public void WriteStringKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, long? expireUnixMs)
    {
        WriteExpiry(expireUnixMs);
        _out.WriteByte(RdbFormat.TypeString);
        _out.WriteString(key);
        _out.WriteString(value);
    }

    private void WriteExpiry(long? expireUnixMs)
    {
        Expect(State.Database);
        if (expireUnixMs is { } expire)
        {
            _out.WriteByte(RdbFormat.OpExpireTimeMs);
            _out.WriteUInt64LittleEndian((ulong)expire);
        }
    }

    /// <summary>EOF and the checksum; flushes everything to the stream.</summary>
    public void Finish()
    {
        if (_state is not (State.Header or State.Database))
        {
            throw new InvalidOperationException("Write the header first.");
        }

        _out.WriteByte(RdbFormat.OpEof);
        _out.WriteChecksum();
        _state = State.Done;
    }

    /// <summary>Nodes of up to 8 KiB of listpack each (a bigger element gets a node of its own), as Redis's quicklist keeps them.</summary>
    private void WriteQuicklist(byte[][] items)
    {
        var nodes = new List<(int Start, int Count)>();
        var start = 0;
        var bytes = 0;
        for (var i = 0; i < items.Length; i++)
        {
            var size = Listpack.EncodedSize(items[i]);
            if (i > start && bytes + size > RdbFormat.ListNodeBytes)
            {
                nodes.Add((start, i - start));
                start = i;
                bytes = 0;
            }

            bytes += size;
        }

        if (items.Length > start)
        {
            nodes.Add((start, items.Length - start));
        }

        _out.WriteLength((ulong)nodes.Count);
        foreach (var (first, count) in nodes)
        {
            _out.WriteLength(RdbFormat.QuicklistNodePacked);
            _out.WriteString(Listpack.Encode(items.AsSpan(first, count)));
        }
    }

    private void Expect(State state)
    {
        if (_state != state)
        {
            throw new InvalidOperationException($"The RDB writer is at {_state}, not {state}.");
        }
    }
}
