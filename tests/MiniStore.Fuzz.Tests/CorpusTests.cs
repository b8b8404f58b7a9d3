namespace MiniStore.Fuzz.Tests;

/// <summary>Every kept input — seeds and the inputs of crashes fixed so far — holds every invariant of its target.</summary>
public sealed class CorpusTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Keys];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Seed_corpus_holds_the_invariants(string target)
    {
        var seeds = Corpus.Files("corpus", target).ToList();
        Assert.True(seeds.Count >= 10, $"fuzz/corpus/{target} has {seeds.Count} seeds");
        foreach (var seed in seeds)
        {
            FuzzTargets.All[target](seed);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Crash_regressions_hold_the_invariants(string target)
    {
        foreach (var input in Corpus.Files("regressions", target))
        {
            FuzzTargets.All[target](input);
        }
    }
}
