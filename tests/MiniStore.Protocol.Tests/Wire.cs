using System.Buffers;
using System.Text;

namespace MiniStore.Protocol.Tests;

/// <summary>Runs a <see cref="RequestReader"/> the way the server's read loop does and records what it saw.</summary>
internal static class Wire
{
    public static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    /// <summary>Shows bytes with everything outside printable ASCII escaped, so assertion diffs are readable.</summary>
    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'\\' and not (byte)'|')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(@"\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    /// <summary>One line per result: a request as "Line Get GET|key", an error as "Error UnbalancedQuotes".</summary>
    public static string Describe(ReadStatus status, in Request request, ProtocolError error)
    {
        if (status != ReadStatus.Request)
        {
            return $"{status} {error.Kind}";
        }

        var text = new StringBuilder($"{request.Format} {request.Command} {Show(request.Name)}");
        for (var i = 0; i < request.ArgumentCount; i++)
        {
            text.Append('|').Append(Show(request[i]));
        }

        return text.ToString();
    }

    /// <summary>Reads every result from one buffer; <paramref name="rest"/> is what was left unconsumed.</summary>
    public static List<string> ReadAll(RequestReader reader, ReadOnlySequence<byte> buffer, out long rest)
    {
        var results = new List<string>();
        ReadStatus status;
        while ((status = reader.TryRead(ref buffer, out var request, out var error)) != ReadStatus.NeedMoreData)
        {
            results.Add(Describe(status, request, error));
            if (status == ReadStatus.Fatal)
            {
                break;
            }
        }

        rest = buffer.Length;
        return results;
    }

    public static List<string> ReadAll(RequestReader reader, ReadOnlySequence<byte> buffer) => ReadAll(reader, buffer, out _);

    public static List<string> ReadAll(string text, int maxRequestBytes = 1 << 20) =>
        ReadAll(new RequestReader(maxRequestBytes), new ReadOnlySequence<byte>(Bytes(text)));

    /// <summary>
    /// Feeds <paramref name="chunks"/> one by one like a pipe does: the unconsumed bytes stay in front, each new
    /// chunk arrives as a new segment, and the reader is called until it needs more data. With
    /// <paramref name="regroup"/> the unconsumed bytes come back as one segment, as from a pipe that compacted them.
    /// </summary>
    public static List<string> Feed(RequestReader reader, IEnumerable<byte[]> chunks, bool regroup = false)
    {
        var results = new List<string>();
        var pending = new List<byte[]>();
        foreach (var chunk in chunks)
        {
            pending.Add(chunk);
            var buffer = Segments.Of([.. pending]);
            ReadStatus status;
            while ((status = reader.TryRead(ref buffer, out var request, out var error)) != ReadStatus.NeedMoreData)
            {
                results.Add(Describe(status, request, error));
                if (status == ReadStatus.Fatal)
                {
                    return results;
                }
            }

            // Keep the unconsumed bytes, still segmented as they were (AdvanceTo(buffer.Start, buffer.End)).
            pending.Clear();
            if (regroup)
            {
                pending.Add(buffer.ToArray());
                continue;
            }

            foreach (var segment in buffer)
            {
                pending.Add(segment.ToArray());
            }
        }

        return results;
    }

    /// <summary><paramref name="bytes"/> cut into pieces of the given sizes (cycled), the last piece whatever is left.</summary>
    public static IEnumerable<byte[]> Chunks(byte[] bytes, params int[] sizes)
    {
        var start = 0;
        var i = 0;
        while (start < bytes.Length)
        {
            var size = Math.Max(1, sizes[i++ % sizes.Length]);
            var end = Math.Min(bytes.Length, start + size);
            yield return bytes[start..end];
            start = end;
        }
    }
}
