namespace MiniStore.Core;

/// <summary>
/// Several shard locks held at once, taken in shard order so that two multi-key commands can never wait for each other
/// (RENAME, MSETNX, SMOVE, EXEC). The locks are re-entrant: a <see cref="KeySlot"/> opened inside the scope on one of its
/// keys takes its shard's lock again at no risk. Dispose releases them in reverse order.
/// </summary>
public ref struct ShardLockScope
{
    private readonly Shard[] _shards;
    private readonly Span<int> _indices;
    private readonly int _first;
    private readonly int _second;
    private readonly Mode _mode;
    private bool _disposed;

    internal ShardLockScope(Shard[] shards, int first, int second)
    {
        _shards = shards;
        (_first, _second) = first <= second ? (first, second) : (second, first);
        _mode = Mode.Pair;
        shards[_first].Gate.Enter();
        if (_second != _first)
        {
            shards[_second].Gate.Enter();
        }
    }

    internal ShardLockScope(Shard[] shards, Span<int> indices)
    {
        _shards = shards;
        indices.Sort();
        _indices = indices;
        _mode = Mode.List;
        for (var i = 0; i < indices.Length; i++)
        {
            if (i == 0 || indices[i] != indices[i - 1])
            {
                shards[indices[i]].Gate.Enter();
            }
        }
    }

    internal ShardLockScope(Shard[] shards)
    {
        _shards = shards;
        _mode = Mode.All;
        foreach (var shard in shards)
        {
            shard.Gate.Enter();
        }
    }

    private enum Mode : byte
    {
        Pair,
        List,
        All,
    }

    public void Dispose()
    {
        if (_disposed || _shards is null)
        {
            return;
        }

        _disposed = true;
        switch (_mode)
        {
            case Mode.Pair:
                if (_second != _first)
                {
                    _shards[_second].Gate.Exit();
                }

                _shards[_first].Gate.Exit();
                break;
            case Mode.List:
                for (var i = _indices.Length - 1; i >= 0; i--)
                {
                    if (i == 0 || _indices[i] != _indices[i - 1])
                    {
                        _shards[_indices[i]].Gate.Exit();
                    }
                }

                break;
            default:
                for (var i = _shards.Length - 1; i >= 0; i--)
                {
                    _shards[i].Gate.Exit();
                }

                break;
        }
    }
}
