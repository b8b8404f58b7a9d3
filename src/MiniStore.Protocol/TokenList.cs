using System.Runtime.CompilerServices;

namespace MiniStore.Protocol;

/// <summary>
/// The (offset, length) pairs of the request being parsed. Reused from request to request, so parsing allocates
/// only when a request has more tokens than any before it; an unusually large array is not kept.
/// </summary>
internal sealed class TokenList
{
    // A request with more tokens than this is rare; its array is dropped once the request is done with.
    private const int RetainedCapacity = 4096;

    private Token[] _items = new Token[16];

    public int Count { get; private set; }

    public ReadOnlySpan<Token> AsSpan() => _items.AsSpan(0, Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int offset, int length)
    {
        var items = _items;
        var count = Count;
        if ((uint)count >= (uint)items.Length)
        {
            items = Grow();
        }

        items[count] = new Token(offset, length);
        Count = count + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Token[] Grow()
    {
        Array.Resize(ref _items, _items.Length * 2);
        return _items;
    }

    public void Clear()
    {
        Count = 0;
        if (_items.Length > RetainedCapacity)
        {
            _items = new Token[16];
        }
    }
}
