using System.Buffers;

namespace MiniStore.Protocol.Tests;

/// <summary>Runs a check against the request parsed from one line (a <see cref="Request"/> cannot be returned from a lambda).</summary>
internal static class Requests
{
    public delegate T Check<out T>(in Request request);

    public static T With<T>(string line, Check<T> check)
    {
        var reader = new RequestReader(1 << 20);
        var buffer = new ReadOnlySequence<byte>(Wire.Bytes(line + "\n"));
        var status = reader.TryRead(ref buffer, out var request, out _);
        Assert.Equal(ReadStatus.Request, status);
        return check(request);
    }
}
