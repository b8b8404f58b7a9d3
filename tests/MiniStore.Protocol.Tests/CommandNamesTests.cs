using System.Text;

namespace MiniStore.Protocol.Tests;

public sealed class CommandNamesTests
{
    public static TheoryData<string, CommandId> Names => new()
    {
        { "PING", CommandId.Ping }, { "GET", CommandId.Get }, { "SET", CommandId.Set }, { "GETEX", CommandId.GetEx },
        { "TTL", CommandId.Ttl }, { "PTTL", CommandId.Pttl }, { "DEL", CommandId.Del }, { "EXISTS", CommandId.Exists },
        { "DBSIZE", CommandId.DbSize }, { "INFO", CommandId.Info }, { "FLUSHALL", CommandId.FlushAll },
        { "QUIT", CommandId.Quit }, { "PASS", CommandId.Pass }, { "AUTH", CommandId.Auth }, { "HELLO", CommandId.Hello },
        { "SELECT", CommandId.Select }, { "ECHO", CommandId.Echo }, { "CLIENT", CommandId.Client },
        { "COMMAND", CommandId.Command }, { "CONFIG", CommandId.Config }, { "SETEX", CommandId.SetEx },
        { "PSETEX", CommandId.PSetEx }, { "SETNX", CommandId.SetNx }, { "UNLINK", CommandId.Unlink },
        { "FLUSHDB", CommandId.FlushDb }, { "MONITOR", CommandId.Monitor }, { "TIME", CommandId.Time },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryCommand_IsRecognised_InAnyCase(string name, CommandId expected)
    {
        Assert.Equal(expected, CommandNames.Recognize(Encoding.ASCII.GetBytes(name)));
        Assert.Equal(expected, CommandNames.Recognize(Encoding.ASCII.GetBytes(name.ToLowerInvariant())));
        var mixed = string.Concat(name.Select((c, i) => i % 2 == 0 ? char.ToLowerInvariant(c) : c));
        Assert.Equal(expected, CommandNames.Recognize(Encoding.ASCII.GetBytes(mixed)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("GE")]
    [InlineData("GETT")]
    [InlineData("GET ")]
    [InlineData("GE\0")]
    [InlineData("G@T")]
    [InlineData("GE\x14")]
    [InlineData("FLUSHALLX")]
    [InlineData("FLUSHAL")]
    [InlineData("SETEXX")]
    [InlineData("PIN\x07")]
    [InlineData("\x07\x05\x14")]
    public void NearMisses_AreUnknown(string name)
    {
        Assert.Equal(CommandId.Unknown, CommandNames.Recognize(Encoding.Latin1.GetBytes(name)));
    }

    [Fact]
    public void EveryByteVariationOfGet_OnlyCaseVariantsMatch()
    {
        // The |0x20 fold must only equate upper- and lower-case letters, never other bytes.
        var name = new byte[3];
        for (var a = 0; a < 256; a++)
        {
            name[0] = (byte)a;
            name[1] = (byte)'e';
            name[2] = (byte)'t';
            var expected = a is 'g' or 'G' ? CommandId.Get : a is 's' or 'S' ? CommandId.Set : CommandId.Unknown;
            Assert.Equal(expected, CommandNames.Recognize(name));
        }
    }
}
