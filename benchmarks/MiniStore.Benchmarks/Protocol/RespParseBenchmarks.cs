using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using MiniStore.Protocol;

namespace MiniStore.Benchmarks.Protocol;

/// <summary>RESP2 request frames, as redis-benchmark and every Redis client send them.</summary>
// Min next to Mean: on a shared machine other work only ever adds time, so Min is the steadier figure.
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class RespParseBenchmarks
{
    private const int Requests = 64;

    private readonly RequestReader _reader = new(1 << 20);
    private ReadOnlySequence<byte> _get;
    private ReadOnlySequence<byte> _set;
    private ReadOnlySequence<byte> _pipelined;

    [GlobalSetup]
    public void Setup()
    {
        _get = new ReadOnlySequence<byte>(Frame("GET", "key:00000001"));
        _set = new ReadOnlySequence<byte>(Frame("SET", "key:00000001", new string('v', 32), "EX", "100"));

        var frames = new List<byte>();
        for (var i = 0; i < Requests; i++)
        {
            frames.AddRange(i % 2 == 0 ? Frame("GET", $"key:{i:D8}") : Frame("SET", $"key:{i:D8}", new string('v', 32)));
        }

        // ~3.3 KB in 512-byte segments: a few frames straddle a boundary and are copied.
        _pipelined = SequenceSegments.Split([.. frames], 512);
    }

    [Benchmark]
    public int ParseRespGet()
    {
        var buffer = _get;
        _reader.TryRead(ref buffer, out var request, out _);
        return request[0].Length;
    }

    [Benchmark]
    public int ParseRespSet()
    {
        var buffer = _set;
        _reader.TryRead(ref buffer, out var request, out _);
        return request[1].Length;
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public int ParseRespPipelined()
    {
        var buffer = _pipelined;
        var total = 0;
        while (_reader.TryRead(ref buffer, out var request, out _) == ReadStatus.Request)
        {
            total += request.ArgumentCount;
        }

        return total;
    }

    private static byte[] Frame(params string[] arguments)
    {
        var text = new StringBuilder($"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            text.Append($"${argument.Length}\r\n{argument}\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
