using System.Buffers;

namespace MiniStore.Protocol.Tests;

/// <summary>
/// The hot path allocates nothing once warm (design.md). The benchmarks measure this with [MemoryDiagnoser];
/// these tests keep it from regressing unnoticed. They count bytes, not time.
/// </summary>
public sealed class AllocationTests
{
    [Fact]
    public void ReadingRequests_AllocatesNothing_OnceWarm()
    {
        byte[] bytes =
        [
            .. Wire.Bytes("GET key:00000001\r\nSET key:00000001 vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv EX 100\r\n"),
            .. Wire.Bytes("SET \"a key\" 'a value' PX 5\r\n\r\nDEL a b c\n"),
            .. Resp.Frame("GET", "key:00000001"),
            .. Resp.Frame("SET", "key", new string('v', 200), "EX", "100"),
        ];
        var buffer = Segments.Split(bytes, 7, 60, 61, 150, 200);
        var reader = new RequestReader(1 << 20);

        var before = 0L;
        for (var round = 0; round < 200; round++)
        {
            if (round == 100)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            var rest = buffer;
            while (reader.TryRead(ref rest, out var request, out _) == ReadStatus.Request)
            {
                if (request.Command == CommandId.Set)
                {
                    CommandSyntax.ParseSet(request, out _);
                }
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void WritingReplies_AllocatesNothing_OnceWarm()
    {
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var value = new byte[32];
        var formats = new[] { (WireFormat.Line, 2), (WireFormat.Resp, 2), (WireFormat.Resp, 3) };
        var before = 0L;
        for (var round = 0; round < 200; round++)
        {
            if (round == 100)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            output.ResetWrittenCount();
            foreach (var (format, version) in formats)
            {
                var writer = new ReplyWriter(output, format, version);
                writer.Ok();
                writer.Nil();
                writer.Integer(-12345);
                writer.Value(value);
                writer.Value("needs \"quoting\"\n"u8);
                writer.Status("PONG"u8);
                writer.Error("ERR: unknown command '"u8, "x"u8, "'"u8);
                if (format == WireFormat.Resp)
                {
                    writer.MapHeader(1);
                    writer.ArrayHeader(0);
                    writer.NilArray();
                }
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
