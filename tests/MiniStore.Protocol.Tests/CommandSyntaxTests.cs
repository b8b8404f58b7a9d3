namespace MiniStore.Protocol.Tests;

/// <summary>protocol.md A.4: arity, SET / GETEX options and the order in which their errors are reported.</summary>
public sealed class CommandSyntaxTests
{
    [Theory]
    [InlineData("PING", true)]
    [InlineData("PING hi", true)]
    [InlineData("PING a b", false)]
    [InlineData("GET", false)]
    [InlineData("GET k", true)]
    [InlineData("GET k k", false)]
    [InlineData("SET k", false)]
    [InlineData("SET k v", true)]
    [InlineData("SET k v NX EX 10 GET", true)]
    [InlineData("GETEX", false)]
    [InlineData("GETEX k", true)]
    [InlineData("GETEX k PX 5", true)]
    [InlineData("TTL", false)]
    [InlineData("TTL k", true)]
    [InlineData("TTL k x", false)]
    [InlineData("PTTL k", true)]
    [InlineData("PTTL", false)]
    [InlineData("DEL", false)]
    [InlineData("DEL a b c d", true)]
    [InlineData("EXISTS", false)]
    [InlineData("EXISTS a a", true)]
    [InlineData("DBSIZE", true)]
    [InlineData("DBSIZE x", false)]
    [InlineData("INFO", true)]
    [InlineData("INFO server", true)]
    [InlineData("FLUSHALL", true)]
    [InlineData("FLUSHALL ASYNC", true)]
    [InlineData("FLUSHALL a b", true)]
    [InlineData("QUIT", true)]
    [InlineData("QUIT now", false)]
    [InlineData("PASS", false)]
    [InlineData("PASS secret", true)]
    [InlineData("PASS a b", false)]
    [InlineData("AUTH", false)]
    [InlineData("AUTH pw", true)]
    [InlineData("AUTH default pw", true)]
    [InlineData("AUTH a b c", true)]
    [InlineData("HELLO", true)]
    [InlineData("HELLO 3 AUTH default pw SETNAME x", true)]
    [InlineData("SELECT", false)]
    [InlineData("SELECT 0", true)]
    [InlineData("SELECT 0 1", false)]
    [InlineData("ECHO", false)]
    [InlineData("ECHO hi", true)]
    [InlineData("ECHO a b", false)]
    [InlineData("CLIENT", false)]
    [InlineData("CLIENT SETNAME x", true)]
    [InlineData("COMMAND", true)]
    [InlineData("COMMAND DOCS GET SET", true)]
    [InlineData("CONFIG", false)]
    [InlineData("CONFIG GET maxmemory", true)]
    [InlineData("FROB a b c", true)]
    [InlineData("INFO a b", true)]
    [InlineData("TIME", true)]
    [InlineData("TIME x", false)]
    [InlineData("MONITOR", true)]
    [InlineData("FLUSHDB ASYNC", true)]
    [InlineData("FLUSHDB a b", true)]
    public void CheckArity(string line, bool ok)
    {
        var error = Requests.With(line, static (in Request r) => CommandSyntax.CheckArity(r));

        Assert.Equal(ok ? RequestError.None : RequestError.WrongArity, error);
    }

    [Theory]
    [InlineData("SET k v", "Always None 0 False")]
    [InlineData("SET k v NX", "IfAbsent None 0 False")]
    [InlineData("SET k v xx", "IfPresent None 0 False")]
    [InlineData("SET k v EX 10", "Always After 10000 False")]
    [InlineData("SET k v ex 10", "Always After 10000 False")]
    [InlineData("SET k v Px 1500", "Always After 1500 False")]
    [InlineData("SET k v KEEPTTL", "Always Keep 0 False")]
    [InlineData("SET k v keepTTL GET", "Always Keep 0 True")]
    [InlineData("SET k v GET", "Always None 0 True")]
    [InlineData("SET k v get nx px 7", "IfAbsent After 7 True")]
    [InlineData("SET k v EX 1 XX GET", "IfPresent After 1000 True")]
    [InlineData("SET k v NX NX", "IfAbsent None 0 False")]
    [InlineData("SET k v GET GET", "Always None 0 True")]
    [InlineData("SET k v KEEPTTL KEEPTTL", "Always Keep 0 False")]
    [InlineData("SET k v EX 10 EX 20", "Always After 20000 False")]
    [InlineData("SET k v PX 5 PX 6", "Always After 6 False")]
    [InlineData("SET k v EX abc EX 3", "Always After 3000 False")]
    [InlineData("SET k v EX 9223372036854775", "Always After 9223372036854775000 False")]
    [InlineData("SET k v PX 9223372036854775807", "Always After 9223372036854775807 False")]
    [InlineData("SET NX EX", "Always None 0 False")]
    [InlineData("SET k v EXAT 1", "Always At 1000 False")]
    [InlineData("SET k v pxat 1700000000123 NX", "IfAbsent At 1700000000123 False")]
    [InlineData("SET k v PXAT 9223372036854775807", "Always At 9223372036854775807 False")]
    public void ParseSet_Accepts(string line, string expected)
    {
        var (error, args) = Requests.With(line, static (in Request r) => (CommandSyntax.ParseSet(r, out var a), a));

        Assert.Equal(RequestError.None, error);
        Assert.Equal(expected, $"{args.Condition} {args.Expiry} {args.TtlMs} {args.Get}");
    }

    [Theory]
    [InlineData("SET k v NX XX", RequestError.Syntax)]
    [InlineData("SET k v XX NX", RequestError.Syntax)]
    [InlineData("SET k v EX 10 PX 10", RequestError.Syntax)]
    [InlineData("SET k v EX 10 KEEPTTL", RequestError.Syntax)]
    [InlineData("SET k v KEEPTTL PX 10", RequestError.Syntax)]
    [InlineData("SET k v PERSIST", RequestError.Syntax)]
    [InlineData("SET k v FOO", RequestError.Syntax)]
    [InlineData("SET k v EX", RequestError.Syntax)]
    [InlineData("SET k v PX", RequestError.Syntax)]
    [InlineData("SET k v NX EX", RequestError.Syntax)]
    [InlineData("SET k v EX 10 EX", RequestError.Syntax)]
    [InlineData("SET k v EX abc NX XX", RequestError.Syntax)]
    [InlineData("SET k v EX abc FOO", RequestError.Syntax)]
    [InlineData("SET k v EX -5 PX 10", RequestError.Syntax)]
    [InlineData("SET k v EX 0 EX", RequestError.Syntax)]
    [InlineData("SET k v EX abc", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v EX 0", RequestError.InvalidExpireTime)]
    [InlineData("SET k v EX -1", RequestError.InvalidExpireTime)]
    [InlineData("SET k v PX 0", RequestError.InvalidExpireTime)]
    [InlineData("SET k v EX 1.5", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v EX +5", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v EX \" 5\"", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v EX \"\"", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v EX 9223372036854776", RequestError.InvalidExpireTime)]
    [InlineData("SET k v PX 9223372036854775808", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v EX 10 EX abc", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v EX NX", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v NX EX abc GET", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v EXAT abc", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("SET k v EXAT 0", RequestError.InvalidExpireTime)]
    [InlineData("SET k v PXAT -1", RequestError.InvalidExpireTime)]
    [InlineData("SET k v EXAT 5 EX 5", RequestError.Syntax)]
    [InlineData("SET k v PXAT 5 KEEPTTL", RequestError.Syntax)]
    [InlineData("SET k v EXAT 5 PXAT 5", RequestError.Syntax)]
    public void ParseSet_Refuses(string line, RequestError expected)
    {
        var error = Requests.With(line, static (in Request r) => CommandSyntax.ParseSet(r, out _));

        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("GETEX k", "None 0")]
    [InlineData("GETEX k EX 2", "After 2000")]
    [InlineData("GETEX k px 2", "After 2")]
    [InlineData("GETEX k PERSIST", "Persist 0")]
    [InlineData("GETEX k persist PERSIST", "Persist 0")]
    [InlineData("GETEX k EX 1 EX 5", "After 5000")]
    [InlineData("GETEX k PX x PX 5", "After 5")]
    [InlineData("GETEX k EXAT 2", "At 2000")]
    [InlineData("GETEX k PXAT 2", "At 2")]
    public void ParseGetEx_Accepts(string line, string expected)
    {
        var (error, args) = Requests.With(line, static (in Request r) => (CommandSyntax.ParseGetEx(r, out var a), a));

        Assert.Equal(RequestError.None, error);
        Assert.Equal(expected, $"{args.Expiry} {args.TtlMs}");
    }

    [Theory]
    [InlineData("GETEX k EX 1 PX 1", RequestError.Syntax)]
    [InlineData("GETEX k EX 1 PERSIST", RequestError.Syntax)]
    [InlineData("GETEX k PERSIST PX 1", RequestError.Syntax)]
    [InlineData("GETEX k KEEPTTL", RequestError.Syntax)]
    [InlineData("GETEX k NX", RequestError.Syntax)]
    [InlineData("GETEX k GET", RequestError.Syntax)]
    [InlineData("GETEX k EX", RequestError.Syntax)]
    [InlineData("GETEX k PERSIST EX", RequestError.Syntax)]
    [InlineData("GETEX k EX x PERSIST", RequestError.Syntax)]
    [InlineData("GETEX k EX x BOGUS", RequestError.Syntax)]
    public void ParseGetEx_Refuses(string line, RequestError expected)
    {
        var error = Requests.With(line, static (in Request r) => CommandSyntax.ParseGetEx(r, out _));

        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("SET k")]
    [InlineData("GETEX")]
    public void Parse_WithoutTheTableArity_IsAProgrammingError(string line)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Requests.With(line, static (in Request r) =>
            r.Command == CommandId.Set ? CommandSyntax.ParseSet(r, out _) : CommandSyntax.ParseGetEx(r, out _)));
    }

    /// <summary>Redis judges GETEX's number only once the key is found, so the parse succeeds and carries the error.</summary>
    [Theory]
    [InlineData("GETEX k EX x", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("GETEX k EXAT 1.5", RequestError.ExpireTimeNotAnInteger)]
    [InlineData("GETEX k PX 0", RequestError.InvalidExpireTime)]
    [InlineData("GETEX k EX -3", RequestError.InvalidExpireTime)]
    [InlineData("GETEX k EX 9223372036854776", RequestError.InvalidExpireTime)]
    [InlineData("GETEX k EXAT 9223372036854775807", RequestError.InvalidExpireTime)]
    [InlineData("GETEX k EX 5 EX 0", RequestError.InvalidExpireTime)]
    public void ParseGetEx_CarriesNumberErrors(string line, RequestError expected)
    {
        var (error, args) = Requests.With(line, static (in Request r) => (CommandSyntax.ParseGetEx(r, out var a), a));

        Assert.Equal(RequestError.None, error);
        Assert.Equal(expected, args.NumberError);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("7", 7L)]
    [InlineData("-7", -7L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void TryParseInt64_Accepts(string text, long expected)
    {
        Assert.True(CommandSyntax.TryParseInt64(Wire.Bytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1a")]
    [InlineData("1.0")]
    [InlineData("--1")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("99999999999999999999")]
    [InlineData("00000000000000000001")]
    [InlineData("007")]
    [InlineData("-0")]
    [InlineData("1\0")]
    public void TryParseInt64_Refuses(string text)
    {
        Assert.False(CommandSyntax.TryParseInt64(Wire.Bytes(text), out _));
    }
}
