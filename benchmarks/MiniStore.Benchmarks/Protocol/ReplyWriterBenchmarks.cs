using System.Buffers;
using BenchmarkDotNet.Attributes;
using MiniStore.Protocol;

namespace MiniStore.Benchmarks.Protocol;

/// <summary>Writing the commonest replies into a buffer writer (the server writes into its PipeWriter).</summary>
// Min next to Mean: on a shared machine other work only ever adds time, so Min is the steadier figure.
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ReplyWriterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly byte[] _value = "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"u8.ToArray();

    [Benchmark]
    public int LineValue32()
    {
        _output.ResetWrittenCount();
        new ReplyWriter(_output, WireFormat.Line).Value(_value);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int LineInteger()
    {
        _output.ResetWrittenCount();
        new ReplyWriter(_output, WireFormat.Line).Integer(1_234_567);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int RespValue32()
    {
        _output.ResetWrittenCount();
        new ReplyWriter(_output, WireFormat.Resp).Value(_value);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int RespInteger()
    {
        _output.ResetWrittenCount();
        new ReplyWriter(_output, WireFormat.Resp).Integer(1_234_567);
        return _output.WrittenCount;
    }
}
