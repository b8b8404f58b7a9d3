using System.Net.Sockets;
using MiniStore.Client.Internal;
using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>
/// The connection reads and writes only through its transport's stream: a layer over the TCP stream (where TLS
/// will go) carries every byte both ways, and the client works unchanged over it.
/// </summary>
public sealed class TransportTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Protocols.Served), MemberType = typeof(Protocols))]
    public async Task ALayerOverTheStream_CarriesEveryByteBothWays(WireFormat protocol)
    {
        CountingStream? layer = null;
        var transport = new TcpTransport((network, _, _) => ValueTask.FromResult<Stream>(layer = new CountingStream(network)));

        await using (var client = await MiniStoreClient.ConnectAsync(_server.Options(protocol), transport))
        {
            var sets = Enumerable.Range(0, 100).Select(i => client.SetAsync($"k{i}", $"v{i}")).ToArray();
            Assert.All(await Task.WhenAll(sets), Assert.True);
            Assert.Equal("v42", await client.GetAsync("k42"));
        }

        Assert.NotNull(layer);
        Assert.True(layer.BytesWritten > 100 * "SET k0 v0".Length, $"{layer.BytesWritten} bytes written through the layer");
        Assert.True(layer.BytesRead >= 101 * "OK".Length, $"{layer.BytesRead} bytes read through the layer");
        Assert.True(layer.Disposed);
    }

    [Fact]
    public async Task ALayerThatFails_FailsTheConnect()
    {
        var transport = new TcpTransport((_, _, _) => throw new MiniStoreConnectionException("handshake refused"));

        var error = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => MiniStoreClient.ConnectAsync(_server.Options(), transport));

        Assert.Equal("handshake refused", error.Message);
    }

    /// <summary>A pass-through stream that counts, as an SslStream would sit over the network stream.</summary>
    private sealed class CountingStream(NetworkStream inner) : Stream
    {
        private long _read;
        private long _written;

        public long BytesRead => Interlocked.Read(ref _read);

        public long BytesWritten => Interlocked.Read(ref _written);

        public bool Disposed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Interlocked.Add(ref _read, read);
            return read;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Interlocked.Add(ref _written, buffer.Length);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
