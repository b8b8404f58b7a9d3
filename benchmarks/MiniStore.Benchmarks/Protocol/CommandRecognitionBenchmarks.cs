using BenchmarkDotNet.Attributes;
using MiniStore.Protocol;

namespace MiniStore.Benchmarks.Protocol;

/// <summary>Recognising a command name through the command table's perfect hash (every request pays it once).</summary>
// Min next to Mean: on a shared machine other work only ever adds time, so Min is the steadier figure.
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class CommandRecognitionBenchmarks
{
    private readonly byte[] _get = "GET"u8.ToArray();
    private readonly byte[] _set = "set"u8.ToArray();
    private readonly byte[] _flushAll = "FlushAll"u8.ToArray();
    private readonly byte[] _unknown = "NOSUCHCMD"u8.ToArray();

    [Benchmark]
    public CommandId Get() => CommandNames.Recognize(_get);

    [Benchmark]
    public CommandId Set() => CommandNames.Recognize(_set);

    [Benchmark]
    public CommandId FlushAll() => CommandNames.Recognize(_flushAll);

    [Benchmark]
    public CommandId Unknown() => CommandNames.Recognize(_unknown);
}
