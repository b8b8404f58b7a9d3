using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using MiniStore.Protocol;

namespace MiniStore.Benchmarks.Protocol;

/// <summary>
/// A read of 64 pipelined requests, cut into segments the way a pipe delivers them, so some requests straddle a
/// segment boundary. Reported per request.
/// </summary>
// Min next to Mean: on a shared machine other work only ever adds time, so Min is the steadier figure.
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class PipelinedParseBenchmarks
{
    private const int Requests = 64;

    private readonly RequestReader _reader = new(1 << 20);
    private ReadOnlySequence<byte> _lines;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Requests; i++)
        {
            text.Append(i % 2 == 0 ? $"GET key:{i:D8}\r\n" : $"SET key:{i:D8} {new string('v', 32)}\r\n");
        }

        // ~2.6 KB in 512-byte segments: 5 of the 64 requests are split.
        _lines = SequenceSegments.Split(Encoding.ASCII.GetBytes(text.ToString()), 512);
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public int ParseLinePipelined()
    {
        var buffer = _lines;
        var total = 0;
        while (_reader.TryRead(ref buffer, out var request, out _) == ReadStatus.Request)
        {
            total += request.ArgumentCount;
        }

        return total;
    }
}
