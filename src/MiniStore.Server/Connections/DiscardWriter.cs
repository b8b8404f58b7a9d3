using System.Buffers;

namespace MiniStore.Server.Connections;

/// <summary>Where replies go while <c>CLIENT REPLY OFF|SKIP</c> silences them: written, then forgotten.</summary>
internal sealed class DiscardWriter : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[256];

    public void Advance(int count)
    {
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Reserve(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Reserve(sizeHint);

    private byte[] Reserve(int sizeHint)
    {
        if (sizeHint > _buffer.Length)
        {
            _buffer = new byte[Math.Max(sizeHint, _buffer.Length * 2)];
        }

        return _buffer;
    }
}
