using System.Buffers;

namespace MiniStore.Fuzz;

/// <summary>
/// Turns bytes into the shapes a pipe hands a reader: multi-segment sequences, and a stream arriving in reads of
/// varying sizes. The cut points come from a seed taken from the input itself, so a run is reproducible from its
/// input alone (AFL++ needs that) while still varying across inputs.
/// </summary>
public static class Chunks
{
    /// <summary><paramref name="bytes"/> as a sequence cut into up to four segments at points drawn from <paramref name="seed"/>.</summary>
    public static ReadOnlySequence<byte> Segmented(ReadOnlyMemory<byte> bytes, ref uint seed)
    {
        var cuts = (int)(Next(ref seed) % 4);
        if (bytes.Length < 2 || cuts == 0)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var points = new int[cuts];
        for (var i = 0; i < cuts; i++)
        {
            points[i] = (int)(Next(ref seed) % (uint)(bytes.Length + 1));
        }

        Array.Sort(points);
        Segment? first = null;
        Segment? last = null;
        var start = 0;
        foreach (var point in points.Append(bytes.Length))
        {
            // Every part is copied to an array of its own, so a reader that strays past its segment reads garbage, not the next part.
            var part = bytes[start..point].ToArray();
            last = last is null ? first = new Segment(part, 0) : last.Append(part);
            start = point;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>Reads what it can from the front of a buffer, leaving the rest there; true once the stream is closed.</summary>
    public delegate bool Drain(ref ReadOnlySequence<byte> buffer);

    /// <summary>
    /// Feeds <paramref name="stream"/> to <paramref name="drain"/> as a connection would: in reads of random sizes, each
    /// appended to what the previous drain left unconsumed, the whole cut into random segments. After each drain,
    /// <paramref name="unconsumed"/> is told how many bytes are left waiting.
    /// </summary>
    public static void FeedInPieces(byte[] stream, ref uint seed, Drain drain, Action<int>? unconsumed = null)
    {
        var pending = Array.Empty<byte>();
        var offset = 0;
        while (offset < stream.Length)
        {
            var take = Math.Min(NextReadSize(ref seed), stream.Length - offset);
            pending = [.. pending, .. stream.AsSpan(offset, take)];
            offset += take;

            var buffer = Segmented(pending, ref seed);
            if (drain(ref buffer))
            {
                return;
            }

            pending = buffer.ToArray();
            unconsumed?.Invoke(pending.Length);
        }
    }

    /// <summary>The size of the next read: mostly small, sometimes large, never zero.</summary>
    public static int NextReadSize(ref uint seed)
    {
        var r = Next(ref seed);
        return (r & 3) == 0 ? 1 + (int)(r >> 8) % 4096 : 1 + (int)(r >> 8) % 24;
    }

    /// <summary>A seed from the input's bytes (FNV-1a).</summary>
    public static uint SeedOf(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash | 1;
    }

    // xorshift32: cheap, deterministic, good enough to spread cut points.
    private static uint Next(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
