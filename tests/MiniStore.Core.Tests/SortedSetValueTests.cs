using System.Text;

namespace MiniStore.Core.Tests;

public sealed class SortedSetValueTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string[] Members(SortedSetValue zset)
    {
        var members = new List<string>();
        for (var node = zset.First; node is not null; node = node.Next)
        {
            members.Add(Encoding.ASCII.GetString(node.Member));
        }

        return [.. members];
    }

    [Fact]
    public void Orders_by_score_then_member_bytes()
    {
        var zset = new SortedSetValue();
        Assert.True(zset.Set("b"u8, 1));
        Assert.True(zset.Set("a"u8, 1));
        Assert.True(zset.Set("ab"u8, 1));
        Assert.True(zset.Set("z"u8, 0.5));
        Assert.True(zset.Set("m"u8, double.NegativeInfinity));
        Assert.True(zset.Set("n"u8, double.PositiveInfinity));
        Assert.Equal(["m", "z", "a", "ab", "b", "n"], Members(zset));
        Assert.False(zset.Set("m"u8, 2));
        Assert.Equal(["z", "a", "ab", "b", "m", "n"], Members(zset));
        Assert.Equal("n", Encoding.ASCII.GetString(zset.Last!.Member));
        Assert.Equal("m", Encoding.ASCII.GetString(zset.Last!.Previous!.Member));
        Assert.Equal(4, zset.RankOf("m"u8));
        Assert.Equal(-1, zset.RankOf("nope"u8));
        Assert.Equal("ab", Encoding.ASCII.GetString(zset.AtRank(2)!.Member));
        Assert.Null(zset.AtRank(6));
        Assert.Null(zset.AtRank(-1));
    }

    [Fact]
    public void Negative_zero_is_stored_as_zero_and_NaN_is_refused()
    {
        var zset = new SortedSetValue();
        zset.Set("a"u8, -0.0);
        Assert.True(zset.TryGetScore("a"u8, out var score));
        Assert.False(double.IsNegative(score));
        Assert.Throws<ArgumentException>(() => zset.Set("b"u8, double.NaN));
        Assert.Equal(1, zset.Count);
    }

    [Fact]
    public void Size_follows_every_change_and_returns_to_zero()
    {
        var zset = new SortedSetValue();
        Assert.Equal(3 + SortedSetValue.MemberOverhead, zset.GrowthOf("abc"u8));
        zset.Set("abc"u8, 1);
        Assert.Equal(0, zset.GrowthOf("abc"u8));
        Assert.Equal(3 + SortedSetValue.MemberOverhead, zset.SizeBytes);
        zset.Set("abc"u8, 7);
        Assert.Equal(3 + SortedSetValue.MemberOverhead, zset.SizeBytes);
        zset.Set("de"u8, 2);
        Assert.Equal(5 + (2 * SortedSetValue.MemberOverhead), zset.SizeBytes);
        Assert.True(zset.Remove("abc"u8));
        Assert.False(zset.Remove("abc"u8));
        zset.Remove(zset.First!);
        Assert.Equal(0, zset.SizeBytes);
        Assert.Equal(0, zset.Count);
        Assert.Null(zset.First);
        Assert.Null(zset.Last);
    }

    [Fact]
    public void Clone_is_independent()
    {
        var zset = new SortedSetValue();
        zset.Set("x"u8, 1);
        zset.Set("y"u8, 2);
        var copy = (SortedSetValue)zset.Clone();
        copy.Set("x"u8, 5);
        copy.Set("z"u8, 0);
        Assert.True(zset.TryGetScore("x"u8, out var score));
        Assert.Equal(1, score);
        Assert.Equal(["x", "y"], Members(zset));
        Assert.Equal(["z", "y", "x"], Members(copy));
        Assert.Equal(zset.SizeBytes + 1 + SortedSetValue.MemberOverhead, copy.SizeBytes);
    }

    [Fact]
    public void Score_and_lex_ranges_find_their_ends()
    {
        var zset = new SortedSetValue();
        for (var i = 1; i <= 5; i++)
        {
            zset.Set(B($"m{i}"), i);
        }

        var range = new ScoreRange(2, 4, MinExclusive: true, MaxExclusive: false);
        Assert.Equal("m3", Encoding.ASCII.GetString(zset.FirstIn(range)!.Member));
        Assert.Equal("m4", Encoding.ASCII.GetString(zset.LastIn(range)!.Member));
        Assert.Equal(2, zset.CountIn(range));
        Assert.Null(zset.FirstIn(new ScoreRange(3, 3, true, false)));
        Assert.Null(zset.FirstIn(new ScoreRange(6, 9, false, false)));
        Assert.Null(zset.LastIn(new ScoreRange(-9, 0.5, false, false)));
        Assert.Equal(5, zset.CountIn(new ScoreRange(double.NegativeInfinity, double.PositiveInfinity, false, false)));

        var lex = new LexRange(new LexBound(LexBoundKind.Value, B("m2"), true), LexBound.PositiveInfinity);
        Assert.Equal(3, zset.CountIn(lex));
        Assert.Equal(0, zset.CountIn(new LexRange(LexBound.PositiveInfinity, LexBound.NegativeInfinity)));
        Assert.Equal(5, zset.CountIn(new LexRange(LexBound.NegativeInfinity, LexBound.PositiveInfinity)));
    }

    /// <summary>
    /// Thousands of random changes and queries, each checked against a plain sorted list (the model): order, ranks,
    /// the node at each rank, score and lex ranges, slots (each member in exactly one) and the size estimate.
    /// </summary>
    [Fact]
    public void Random_operations_match_a_sorted_list_model()
    {
        var random = new Random(20261204);
        var zset = new SortedSetValue();
        var model = new List<(double Score, byte[] Member)>();
        var order = Comparer<(double Score, byte[] Member)>.Create((x, y) =>
            x.Score != y.Score ? x.Score.CompareTo(y.Score) : x.Member.AsSpan().SequenceCompareTo(y.Member));
        double[] scores = [-1, 0, 0.5, 1, 1, 2, 3, 3, 10, double.NegativeInfinity, double.PositiveInfinity];

        for (var step = 0; step < 6000; step++)
        {
            var member = B($"k{random.Next(300)}");
            var index = model.FindIndex(e => e.Member.AsSpan().SequenceEqual(member));
            switch (random.Next(10))
            {
                case < 5:
                    var score = random.Next(3) == 0 ? scores[random.Next(scores.Length)] : Math.Round(random.NextDouble() * 20 - 10, 1);
                    Assert.Equal(index < 0, zset.Set(member, score));
                    if (index >= 0)
                    {
                        model.RemoveAt(index);
                    }

                    var at = model.BinarySearch((score, member), order);
                    model.Insert(at < 0 ? ~at : at, (score, member));
                    break;
                case < 8:
                    Assert.Equal(index >= 0, zset.Remove(member));
                    if (index >= 0)
                    {
                        model.RemoveAt(index);
                    }

                    break;
                default:
                    Assert.Equal(index, zset.RankOf(member));
                    break;
            }

            Assert.Equal(model.Count, zset.Count);
            if (step % 100 == 0 || step > 5900)
            {
                AssertMatches(zset, model, random);
            }
        }
    }

    private static void AssertMatches(SortedSetValue zset, List<(double Score, byte[] Member)> model, Random random)
    {
        var node = zset.First;
        for (var i = 0; i < model.Count; i++)
        {
            Assert.NotNull(node);
            Assert.Equal(model[i].Member, node.Member);
            Assert.Equal(model[i].Score, node.Score);
            Assert.Same(node, zset.AtRank(i));
            Assert.Equal(i, zset.RankOf(node));
            node = node.Next;
        }

        Assert.Null(node);
        var back = zset.Last;
        for (var i = model.Count - 1; i >= 0; i--)
        {
            Assert.Equal(model[i].Member, back!.Member);
            back = back.Previous;
        }

        Assert.Null(back);
        Assert.Equal(model.Sum(e => (long)e.Member.Length + SortedSetValue.MemberOverhead), zset.SizeBytes);

        var inSlots = new List<byte[]>();
        for (var slot = 0; slot < zset.SlotCount; slot++)
        {
            if (zset.AtSlot(slot) is { } held)
            {
                inSlots.Add(held.Member);
            }
        }

        Assert.Equal(model.Select(e => Encoding.ASCII.GetString(e.Member)).Order(), inSlots.Select(Encoding.ASCII.GetString).Order());

        for (var trial = 0; trial < 20; trial++)
        {
            var a = Math.Round(random.NextDouble() * 24 - 12, 1);
            var b = Math.Round(random.NextDouble() * 24 - 12, 1);
            var range = new ScoreRange(Math.Min(a, b), Math.Max(a, b), random.Next(2) == 0, random.Next(2) == 0);
            var inside = model.Where(e => range.Contains(e.Score)).ToList();
            Assert.Equal(inside.Count, zset.CountIn(range));
            Assert.Equal(inside.FirstOrDefault().Member, zset.FirstIn(range)?.Member);
            Assert.Equal(inside.LastOrDefault().Member, zset.LastIn(range)?.Member);

            var low = new LexBound(LexBoundKind.Value, B($"k{random.Next(300)}"), random.Next(2) == 0);
            var high = random.Next(5) == 0 ? LexBound.PositiveInfinity : new LexBound(LexBoundKind.Value, B($"k{random.Next(300)}"), random.Next(2) == 0);
            var lex = new LexRange(low, high);
            var byMember = model.Select(e => e.Member).Order(Comparer<byte[]>.Create((x, y) => x.AsSpan().SequenceCompareTo(y))).ToList();
            var lexInside = lex.IsEmpty ? [] : byMember.Where(m => lex.Contains(m)).ToList();
            var equalScores = new SortedSetValue();
            foreach (var m in byMember)
            {
                equalScores.Set(m, 0);
            }

            Assert.Equal(lexInside.Count, equalScores.CountIn(lex));
            Assert.Equal(lexInside.FirstOrDefault(), equalScores.FirstIn(lex)?.Member);
            Assert.Equal(lexInside.LastOrDefault(), equalScores.LastIn(lex)?.Member);
        }
    }
}
