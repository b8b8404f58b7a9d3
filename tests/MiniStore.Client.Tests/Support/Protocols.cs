using MiniStore.Protocol;

namespace MiniStore.Client.Tests.Support;

/// <summary>The wire formats the in-process server answers, for tests that must hold in each.</summary>
public static class Protocols
{
    public static TheoryData<WireFormat> Served => new() { WireFormat.Line, WireFormat.Resp };
}
