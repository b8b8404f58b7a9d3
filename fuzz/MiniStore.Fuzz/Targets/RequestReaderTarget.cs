using System.Buffers;
using MiniStore.Protocol;

namespace MiniStore.Fuzz.Targets;

/// <summary>
/// The server's request reader (line framing, quoting, RESP arrays, size limits) over untrusted bytes. The first two
/// input bytes choose the limits (small, so oversize paths are reached); the rest is the connection's byte stream.
/// Invariants:
/// <list type="bullet">
/// <item>the stream read at once and the stream read in random reads, cut into random segments, give the same requests,
/// errors and fatal stop (framing never depends on where reads end);</item>
/// <item>every call that reports something consumes bytes, and no call consumes past the buffer (no loop, no overrun);</item>
/// <item>after "need more data" the reader holds no more unconsumed bytes than one request may have (no unbounded buffering);</item>
/// <item>no request is larger than the limit;</item>
/// <item>every request re-encoded — as RESP and as a quoted line — reads back as the same tokens.</item>
/// </list>
/// </summary>
public static class RequestReaderTarget
{
    // Slack above the limit that an incomplete request may hold: a line ending, and RESP headers still being parsed.
    private const int HeaderSlack = 64;

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }

        var limits = Limits.From(input[0], input[1]);
        var stream = input[2..].ToArray();

        var whole = ReadWhole(stream, limits);
        var seed = Chunks.SeedOf(input);
        var pieces = ReadInPieces(stream, limits, ref seed);

        InvariantViolationException.Check(
            whole.Count == pieces.Count,
            $"read at once: {whole.Count} events, read in pieces: {pieces.Count}\n{Show(whole)}\n--\n{Show(pieces)}");
        for (var i = 0; i < whole.Count; i++)
        {
            InvariantViolationException.Check(whole[i].SameAs(pieces[i]), $"event {i}: at once {whole[i]}, in pieces {pieces[i]}");
        }

        foreach (var e in whole)
        {
            if (e.Status == ReadStatus.Request)
            {
                CheckRequest(e, limits);
            }
        }
    }

    private static List<RequestEvent> ReadWhole(byte[] stream, Limits limits)
    {
        var reader = limits.NewReader();
        var events = new List<RequestEvent>();
        var buffer = new ReadOnlySequence<byte>(stream);
        Drain(reader, ref buffer, events);
        return events;
    }

    private static List<RequestEvent> ReadInPieces(byte[] stream, Limits limits, ref uint seed)
    {
        var reader = limits.NewReader();
        var events = new List<RequestEvent>();
        Chunks.FeedInPieces(
            stream,
            ref seed,
            (ref ReadOnlySequence<byte> buffer) => Drain(reader, ref buffer, events),
            unconsumed => InvariantViolationException.Check(
                unconsumed <= limits.MostBuffered,
                $"{unconsumed} unconsumed bytes held after 'need more data' (limit {limits.MostBuffered})"));
        return events;
    }

    // Reads until the buffer needs more data; true when the connection would be closed (a fatal error).
    private static bool Drain(RequestReader reader, ref ReadOnlySequence<byte> buffer, List<RequestEvent> events)
    {
        var calls = 0;
        var most = buffer.Length + 2;
        while (true)
        {
            var before = buffer.Length;
            var status = reader.TryRead(ref buffer, out var request, out var error);
            InvariantViolationException.Check(buffer.Length <= before, "a read grew the buffer");
            InvariantViolationException.Check(++calls <= most, "the reader loops without consuming");
            if (status == ReadStatus.NeedMoreData)
            {
                return false;
            }

            events.Add(RequestEvent.Of(status, request, error));
            if (status == ReadStatus.Fatal)
            {
                return true;
            }

            InvariantViolationException.Check(
                buffer.Length < before || status == ReadStatus.TooLarge,
                $"{status} reported without consuming a byte");
        }
    }

    private static void CheckRequest(RequestEvent e, Limits limits)
    {
        var bytes = e.Tokens.Sum(t => t.Length);
        var limit = e.Format == WireFormat.Line ? limits.MaxRequestBytes : limits.MaxRespFrameBytes;
        InvariantViolationException.Check(bytes <= limit, $"a request of {bytes} token bytes passed a limit of {limit}");
        InvariantViolationException.Check(e.Tokens.Length >= 1, "a request without a name");

        var resp = new ArrayBufferWriter<byte>();
        Encode.RespArray(e.Tokens, resp);
        CheckReadsBack(resp.WrittenMemory, e, "RESP");

        var line = new ArrayBufferWriter<byte>();
        Encode.Line(e.Tokens, line);
        CheckReadsBack(line.WrittenMemory, e, "line");
    }

    private static void CheckReadsBack(ReadOnlyMemory<byte> encoded, RequestEvent original, string how)
    {
        var reader = new RequestReader(RequestReader.MaxRequestBytesLimit);
        var buffer = new ReadOnlySequence<byte>(encoded);
        var status = reader.TryRead(ref buffer, out var request, out _);
        InvariantViolationException.Check(status == ReadStatus.Request, $"re-encoded as {how}: {status}");
        var again = RequestEvent.Of(status, request, default);
        InvariantViolationException.Check(
            RequestEvent.SameTokens(again.Tokens, original.Tokens) && buffer.IsEmpty,
            $"re-encoded as {how}, read back as {again} (was {original})");
    }

    private static string Show(List<RequestEvent> events) => string.Join('\n', events);

    private readonly record struct Limits(int MaxRequestBytes, int MaxRespFrameBytes, bool PreAuth)
    {
        public int MostBuffered => Math.Max(MaxRequestBytes, MaxRespFrameBytes) + HeaderSlack;

        public static Limits From(byte a, byte b)
        {
            var request = 4 + (a % 64 * 8);
            var frame = (b & 1) == 0 ? request : request * 4;
            return new Limits(request, frame, (b & 2) != 0);
        }

        public RequestReader NewReader()
        {
            var reader = new RequestReader(MaxRequestBytes) { MaxRespFrameBytes = MaxRespFrameBytes };
            if (PreAuth)
            {
                // Redis's limits before authentication, as the server sets them.
                reader.MaxArrayElements = 10;
                reader.MaxBulkBytes = 16 * 1024;
            }

            return reader;
        }
    }
}
