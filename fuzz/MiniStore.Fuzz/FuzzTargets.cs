using MiniStore.Fuzz.Targets;

namespace MiniStore.Fuzz;

/// <summary>A fuzz target: runs one input through a reader and throws if an invariant does not hold.</summary>
public delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>Every target by name: the names fuzz/run.sh, fuzz/corpus/&lt;name&gt; and the CI step use.</summary>
public static class FuzzTargets
{
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>
    {
        ["request"] = RequestReaderTarget.Run,
        ["resp-reply"] = RespReplyTarget.Run,
        ["line-reply"] = LineReplyTarget.Run,
        ["rdb"] = RdbTarget.Run,
    };
}
