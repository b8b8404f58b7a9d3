using System.Globalization;

namespace MiniStore.Cli.Tests;

/// <summary><c>ministore-cli</c> run in-process against the real server, with its input and output captured.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Port => _server.Port.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("line")]
    [InlineData("resp")]
    public async Task OneShotCommands_PrintRepliesLikeRedisCli(string protocol)
    {
        Assert.Equal((0, "OK\n", ""), await RunAsync(protocol, "SET", "greeting", "hello world"));
        Assert.Equal((0, "\"hello world\"\n", ""), await RunAsync(protocol, "GET", "greeting"));
        Assert.Equal((0, "(nil)\n", ""), await RunAsync(protocol, "GET", "missing"));
        Assert.Equal((0, "(integer) -1\n", ""), await RunAsync(protocol, "TTL", "greeting"));
        Assert.Equal((0, "(integer) 1\n", ""), await RunAsync(protocol, "DBSIZE"));
        Assert.Equal((0, "PONG\n", ""), await RunAsync(protocol, "ping"));
    }

    [Theory]
    [InlineData("line")]
    [InlineData("resp")]
    public async Task Values_AreShownWithEscapesForWhatIsNotPrintable(string protocol)
    {
        await RunAsync(protocol, "SET", "k", "tab\tquote\" nl\n\u0001é");

        var (code, output, _) = await RunAsync(protocol, "GET", "k");

        Assert.Equal(0, code);
        Assert.Equal("\"tab\\tquote\\\" nl\\n\\x01\\xc3\\xa9\"\n", output);
    }

    [Fact]
    public async Task ErrorReply_PrintsErrorAndExitsOne()
    {
        var (code, output, _) = await RunAsync("line", "FROB", "x");

        Assert.Equal(1, code);
        Assert.Equal("(error) ERR: unknown command 'FROB'\n", output);
    }

    [Fact]
    public async Task ArgumentsThatLookLikeOptions_BelongToTheCommand()
    {
        await RunAsync("line", "SET", "k", "--value");

        Assert.Equal((0, "\"--value\"\n", ""), await RunAsync("line", "GET", "k"));
    }

    [Fact]
    public async Task WrongPassword_SaysAuthFailedAndExitsOne()
    {
        var (code, output, error) = await RunWithAsync(["-p", Port, "-a", "wrong", "PING"]);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("AUTH failed: ERR: invalid password\n", error);
    }

    [Fact]
    public async Task PasswordFromTheEnvironment_IsUsed()
    {
        using var output = new StringWriter();
        var code = await CliApp.RunAsync(["-p", Port, "PING"], TextReader.Null, output, TextWriter.Null, name => name == "MINISTORE_PASSWORD" ? InProcessServer.Password : null);

        Assert.Equal((0, "PONG\n"), (code, output.ToString()));
    }

    [Fact]
    public async Task Interactive_PromptsRunsEachLineAndStopsAtQuit()
    {
        const string typed = "SET 'two words' \"v\\x00\"\n\nGET 'two words'\nGET \"unbalanced\nexists 'two words' nope\nquit\nPING\n";

        var (code, output, error) = await RunWithAsync(["-p", Port, "-a", InProcessServer.Password], typed);

        var prompt = $"127.0.0.1:{Port}> ";
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Equal(
            $"{prompt}OK\n{prompt}{prompt}\"v\\x00\"\n{prompt}Invalid argument(s)\n{prompt}(integer) 1\n{prompt}OK\n",
            output);
    }

    [Fact]
    public async Task Interactive_EndOfInputEndsTheSession()
    {
        var (code, output, _) = await RunWithAsync(["-p", Port, "-a", InProcessServer.Password], "DBSIZE\n");

        Assert.Equal(0, code);
        Assert.Equal($"127.0.0.1:{Port}> (integer) 0\n127.0.0.1:{Port}> \n", output);
    }

    [Fact]
    public async Task Resp_ArraysPrintAsNumberedLines()
    {
        var (code, output, _) = await RunAsync("resp", "CONFIG", "GET", "maxmemory");

        Assert.Equal(0, code);
        Assert.Equal("1) \"maxmemory\"\n2) \"0\"\n", output);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("-p", "70000", "PING")]
    [InlineData("--protocol", "smoke", "PING")]
    public async Task BadFlags_OneLineAndExitTwo(params string[] args)
    {
        var (code, output, error) = await RunWithAsync(args);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task NoServer_SaysItCannotConnectAndExitsOne()
    {
        var (code, _, error) = await RunWithAsync(["-p", "1", "PING"]);

        Assert.Equal(1, code);
        Assert.StartsWith("Cannot connect to 127.0.0.1:1", error, StringComparison.Ordinal);
    }

    private Task<(int Code, string Output, string Error)> RunAsync(string protocol, params string[] command) =>
        RunWithAsync(["-p", Port, "-a", InProcessServer.Password, "--protocol", protocol, .. command]);

    private static async Task<(int Code, string Output, string Error)> RunWithAsync(string[] args, string input = "")
    {
        using var reader = new StringReader(input);
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApp.RunAsync(args, reader, output, error, _ => null);
        return (code, output.ToString(), error.ToString());
    }
}
