using System.Buffers;
using MiniStore.Client.Internal;

namespace MiniStore.Client.Tests;

/// <summary>The line-dialect reply reader fed the way a socket feeds it: an array reply whose elements arrive in later reads.</summary>
public sealed class LineReplyReaderTests
{
    [Fact]
    public void An_array_whose_elements_arrive_later_is_framed_whole_once_they_do()
    {
        // Found by the line-reply fuzz target: the header used to be consumed while the reader waited for the
        // elements, which then read as separate replies and completed the wrong requests.
        var reader = new LineReplyReader();
        var first = new ReadOnlySequence<byte>("*2\nalpha\n"u8.ToArray());
        Assert.False(reader.TryRead(ref first, authenticated: true, out _));
        Assert.Equal(9, first.Length);

        var whole = new ReadOnlySequence<byte>("*2\nalpha\nbeta\n"u8.ToArray());
        Assert.True(reader.TryRead(ref whole, authenticated: true, out var reply));
        Assert.Equal(RawKind.Array, reply.Kind);
        Assert.Equal(["alpha", "beta"], reply.Aggregate!.Elements.Select(e => e.Text));
        Assert.True(whole.IsEmpty);
    }

    [Fact]
    public void Arrays_nested_past_the_limit_are_refused_not_recursed_into()
    {
        var reader = new LineReplyReader();
        var deep = new ReadOnlySequence<byte>([.. Enumerable.Repeat("*1\n"u8.ToArray(), 100_000).SelectMany(b => b), .. "x\n"u8]);
        Assert.Throws<MiniStoreProtocolException>(() => reader.TryRead(ref deep, authenticated: true, out _));
    }

    [Fact]
    public void Arrays_nested_within_the_limit_are_read()
    {
        var reader = new LineReplyReader();
        var nested = new ReadOnlySequence<byte>([.. Enumerable.Repeat("*1\n"u8.ToArray(), 32).SelectMany(b => b), .. "x\n"u8]);
        Assert.True(reader.TryRead(ref nested, authenticated: true, out var reply));
        Assert.Equal(RawKind.Array, reply.Kind);
    }
}
