using CsCheck;

namespace MiniStore.Fuzz.Tests;

/// <summary>
/// The CI fuzz step: each target's invariants over a fixed number of generated and mutated streams (a minute or
/// two in all), so a regression in a reader shows in every run, not only when someone runs AFL++ (fuzz/run.sh).
/// A failure prints CsCheck's seed: `Check.Sample(..., seed: "...")` replays it.
/// </summary>
public sealed class GeneratedFrameTests
{
    private const int Iterations = 20_000;

    // The first two bytes of a request input choose the reader's limits (see RequestReaderTarget).
    private static readonly Gen<byte[]> RequestInput =
        Gen.Select(Gen.Byte, Gen.Byte, Frames.Stream(Gen.OneOf(Frames.LineRequest, Frames.RespRequest)), (a, b, stream) => (byte[])[a, b, .. stream]);

    [Fact]
    public void Request_reader_invariants() =>
        RequestInput.Sample(input => FuzzTargets.All["request"](input), iter: Iterations);

    [Fact]
    public void Resp_reply_reader_invariants() =>
        Frames.Stream(Frames.Reply).Sample(input => FuzzTargets.All["resp-reply"](input), iter: Iterations);

    [Fact]
    public void Line_reply_reader_invariants() =>
        Gen.Select(Gen.Byte, Frames.Stream(Frames.LineReply), (auth, stream) => (byte[])[auth, .. stream])
            .Sample(input => FuzzTargets.All["line-reply"](input), iter: Iterations);

    [Fact]
    public void Seeds_mutated_hold_the_invariants()
    {
        foreach (var (target, run) in FuzzTargets.All)
        {
            var seeds = Corpus.Files("corpus", target).ToArray();
            Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int, Gen.Int[1, 8], (i, at, flips) => Mutate(seeds[i], at, flips))
                .Sample(input => run(input), iter: Iterations / 4);
        }
    }

    // Flips a byte at a few spread positions: the cheap havoc step of a coverage-guided fuzzer.
    private static byte[] Mutate(byte[] seed, int at, int flips)
    {
        var copy = (byte[])seed.Clone();
        for (var k = 0; k < flips && copy.Length > 0; k++)
        {
            var i = (int)((uint)(at + (k * 7919)) % (uint)copy.Length);
            copy[i] ^= (byte)(at >> (k % 24));
        }

        return copy;
    }
}
