using System.Text;

namespace MiniStore.Core.Tests;

public sealed class ListValueTests
{
    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    private static string[] Contents(ListValue list) =>
        Enumerable.Range(0, list.Count).Select(i => Encoding.ASCII.GetString(list[i])).ToArray();

    private static long SizeOf(IEnumerable<string> items) => items.Sum(item => ListValue.SizeOf(item.Length));

    [Fact]
    public void Pushes_and_pops_at_both_ends_in_order()
    {
        var list = new ListValue();
        list.PushBack(B("b"));
        list.PushFront(B("a"));
        list.PushBack(B("c"));
        Assert.Equal(["a", "b", "c"], Contents(list));
        Assert.Equal(SizeOf(["a", "b", "c"]), list.SizeBytes);
        Assert.Equal("a", Encoding.ASCII.GetString(list.PopFront()));
        Assert.Equal("c", Encoding.ASCII.GetString(list.PopBack()));
        Assert.Equal(["b"], Contents(list));
        Assert.Equal("b", Encoding.ASCII.GetString(list.PopBack()));
        Assert.Equal(0, list.Count);
        Assert.Equal(0, list.SizeBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.PopFront());
        Assert.Throws<ArgumentOutOfRangeException>(() => list[0]);
    }

    [Fact]
    public void Set_insert_remove_trim_and_remove_matching()
    {
        var list = new ListValue();
        foreach (var item in new[] { "x", "a", "x", "b", "x" })
        {
            list.PushBack(B(item));
        }

        list.Set(1, B("AAAA"));
        Assert.Equal(["x", "AAAA", "x", "b", "x"], Contents(list));
        list.Insert(2, B("i"));
        list.Insert(0, B("first"));
        list.Insert(list.Count, B("last"));
        Assert.Equal(["first", "x", "AAAA", "i", "x", "b", "x", "last"], Contents(list));
        list.RemoveAt(3);
        Assert.Equal(["first", "x", "AAAA", "x", "b", "x", "last"], Contents(list));
        Assert.Equal(1, list.RemoveMatching("x"u8, 1, fromBack: true));
        Assert.Equal(["first", "x", "AAAA", "x", "b", "last"], Contents(list));
        Assert.Equal(2, list.RemoveMatching("x"u8, 0, fromBack: false));
        Assert.Equal(["first", "AAAA", "b", "last"], Contents(list));
        Assert.Equal(0, list.RemoveMatching("zz"u8, 0, fromBack: false));
        Assert.Equal(2, list.IndexOf("b"u8));
        Assert.Equal(-1, list.IndexOf("x"u8));
        list.Trim(1, 2);
        Assert.Equal(["AAAA", "b"], Contents(list));
        Assert.Equal(SizeOf(["AAAA", "b"]), list.SizeBytes);
        list.Trim(1, 0);
        Assert.Equal(0, list.Count);
        Assert.Equal(0, list.SizeBytes);
    }

    [Fact]
    public void Random_operations_match_a_model_and_size_follows()
    {
        var random = new Random(11);
        var list = new ListValue();
        var model = new List<string>();
        for (var step = 0; step < 20_000; step++)
        {
            var item = $"v{random.Next(5)}" + new string('z', random.Next(4));
            switch (random.Next(9))
            {
                case 0 or 1:
                    list.PushFront(B(item));
                    model.Insert(0, item);
                    break;
                case 2 or 3:
                    list.PushBack(B(item));
                    model.Add(item);
                    break;
                case 4 when model.Count > 0:
                    Assert.Equal(model[0], Encoding.ASCII.GetString(list.PopFront()));
                    model.RemoveAt(0);
                    break;
                case 5 when model.Count > 0:
                    Assert.Equal(model[^1], Encoding.ASCII.GetString(list.PopBack()));
                    model.RemoveAt(model.Count - 1);
                    break;
                case 6:
                    var at = random.Next(model.Count + 1);
                    list.Insert(at, B(item));
                    model.Insert(at, item);
                    break;
                case 7 when model.Count > 0:
                    var removeAt = random.Next(model.Count);
                    list.RemoveAt(removeAt);
                    model.RemoveAt(removeAt);
                    break;
                case 8 when model.Count > 0:
                    var setAt = random.Next(model.Count);
                    list.Set(setAt, B(item));
                    model[setAt] = item;
                    break;
            }

            if (step % 97 == 0 && model.Count > 0)
            {
                var limit = random.Next(3);
                var fromBack = random.Next(2) == 0;
                var target = model[random.Next(model.Count)];
                var expected = ModelRemove(model, target, limit, fromBack);
                Assert.Equal(expected, list.RemoveMatching(Encoding.ASCII.GetBytes(target), limit, fromBack));
            }

            Assert.Equal(model.Count, list.Count);
            if (step % 50 == 0)
            {
                Assert.Equal(model, Contents(list));
                Assert.Equal(SizeOf(model), list.SizeBytes);
            }
        }
    }

    [Fact]
    public void Clone_is_independent()
    {
        var list = new ListValue();
        list.PushBack(B("x"));
        list.PushFront(B("w"));
        var copy = (ListValue)list.Clone();
        Assert.Equal(list.SizeBytes, copy.SizeBytes);
        copy.PushBack(B("y"));
        copy.Set(0, B("W"));
        Assert.Equal(["w", "x"], Contents(list));
        Assert.Equal(["W", "x", "y"], Contents(copy));
        Assert.Equal(SizeOf(["W", "x", "y"]), copy.SizeBytes);
        Assert.Equal(ValueKind.List, copy.Kind);
    }

    [Fact]
    public void A_list_is_stored_and_emptied_through_a_slot()
    {
        using var store = new KeyStore();
        using (var slot = store.Open("k"u8))
        {
            Assert.True(slot.TryGetOrCreate<ListValue>(out var list));
            list.PushBack(B("a"));
            slot.MarkModified();
        }

        Assert.Equal(ValueKind.List, store.TypeOf("k"u8));
        using (var slot = store.Open("k"u8))
        {
            var list = slot.Collection<ListValue>()!;
            Assert.Equal(ListValue.SizeOf(1), slot.ValueBytes);
            list.PopFront();
            slot.MarkModified();
        }

        Assert.False(store.Exists("k"u8));
    }

    private static int ModelRemove(List<string> model, string target, int limit, bool fromBack)
    {
        var removed = 0;
        if (fromBack)
        {
            for (var i = model.Count - 1; i >= 0 && (limit == 0 || removed < limit); i--)
            {
                if (model[i] == target)
                {
                    model.RemoveAt(i);
                    removed++;
                }
            }
        }
        else
        {
            for (var i = 0; i < model.Count && (limit == 0 || removed < limit);)
            {
                if (model[i] == target)
                {
                    model.RemoveAt(i);
                    removed++;
                }
                else
                {
                    i++;
                }
            }
        }

        return removed;
    }
}
