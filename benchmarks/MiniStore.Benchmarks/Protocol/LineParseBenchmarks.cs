using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using MiniStore.Protocol;

namespace MiniStore.Benchmarks.Protocol;

/// <summary>One line request read from a pipe buffer: framing, tokenizing and command recognition.</summary>
// Min next to Mean: on a shared machine other work only ever adds time, so Min is the steadier figure.
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class LineParseBenchmarks
{
    private readonly RequestReader _reader = new(1 << 20);
    private ReadOnlySequence<byte> _get;
    private ReadOnlySequence<byte> _setEx;
    private ReadOnlySequence<byte> _setQuoted;

    [GlobalSetup]
    public void Setup()
    {
        _get = new ReadOnlySequence<byte>("GET key:00000001\r\n"u8.ToArray());
        _setEx = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes($"SET key:00000001 {new string('v', 32)} EX 100\r\n"));
        _setQuoted = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes($"SET \"key 00000001\" \"{new string('v', 30)}\\n\" EX 100\r\n"));
    }

    [Benchmark]
    public int ParseGet()
    {
        var buffer = _get;
        _reader.TryRead(ref buffer, out var request, out _);
        return request[0].Length;
    }

    [Benchmark]
    public int ParseSetWithExpiry()
    {
        var buffer = _setEx;
        _reader.TryRead(ref buffer, out var request, out _);
        return request[1].Length;
    }

    /// <summary>ParseSetWithExpiry plus validating its options, what the server does for every SET.</summary>
    [Benchmark]
    public long ParseSetWithExpiryAndOptions()
    {
        var buffer = _setEx;
        _reader.TryRead(ref buffer, out var request, out _);
        CommandSyntax.ParseSet(request, out var args);
        return args.TtlMs;
    }

    /// <summary>The slow path: quoted tokens are decoded into the reader's scratch buffer.</summary>
    [Benchmark]
    public int ParseSetQuoted()
    {
        var buffer = _setQuoted;
        _reader.TryRead(ref buffer, out var request, out _);
        return request[1].Length;
    }
}
