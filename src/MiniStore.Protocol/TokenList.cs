namespace MiniStore.Protocol;

/// <summary>
/// The (offset, length) pairs of the request being parsed. Reused from request to request, so parsing allocates
/// only when a request has more tokens than any before it; an unusually large array is not kept.
/// </summary>
internal sealed class TokenList
{
    // A request with more tokens than this is rare; its array is dropped once the request is done with.
    private const int RetainedCapacity = 1024;

    private Token[] _items = new Token[16];

    public int Count { get; private set; }

    public ReadOnlySpan<Token> AsSpan() => _items.AsSpan(0, Count);

    public void Add(int offset, int length)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = new Token(offset, length);
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
