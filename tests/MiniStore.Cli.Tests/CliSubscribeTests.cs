using System.Globalization;
using System.Text;
using MiniStore.Client;
using MiniStore.Protocol;

namespace MiniStore.Cli.Tests;

/// <summary><c>ministore-cli SUBSCRIBE / PSUBSCRIBE</c>: messages printed as they come, until Ctrl-C.</summary>
public sealed class CliSubscribeTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Port => _server.Port.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("line")]
    [InlineData("resp")]
    public async Task Subscribe_prints_confirmations_then_each_message_until_cancelled(string protocol)
    {
        var output = new CapturingWriter();
        using var interrupt = new CancellationTokenSource();
        var run = CliApp.RunAsync(
            ["-p", Port, "-a", InProcessServer.Password, "--protocol", protocol, "SUBSCRIBE", "news", "sport"],
            TextReader.Null, output, TextWriter.Null, _ => null, interrupt.Token);

        const string confirmed = """
            Reading messages... (press Ctrl-C to quit)
            1) "subscribe"
            2) "news"
            3) (integer) 1
            1) "subscribe"
            2) "sport"
            3) (integer) 2

            """;
        await Poll.UntilAsync(() => output.Text == confirmed);

        // Each message is printed (and flushed) on its own, while the subscription goes on.
        await using var publisher = await PublisherAsync();
        Assert.Equal(1, await publisher.PublishAsync("news", "hello world"));
        await Poll.UntilAsync(() => output.Text.EndsWith("3) \"hello world\"\n", StringComparison.Ordinal));
        Assert.Equal(1, await publisher.PublishAsync("sport", "tab\there"));
        await Poll.UntilAsync(() => output.Text.EndsWith("3) \"tab\\there\"\n", StringComparison.Ordinal));
        Assert.Equal(confirmed + "1) \"message\"\n2) \"news\"\n3) \"hello world\"\n1) \"message\"\n2) \"sport\"\n3) \"tab\\there\"\n", output.Text);
        Assert.False(run.IsCompleted);

        // Ctrl-C ends it cleanly, and the server sees the subscriber go.
        await interrupt.CancelAsync();
        Assert.Equal(CliApp.ExitOk, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        await Poll.UntilAsync(async () => await publisher.PublishAsync("news", "gone") == 0);
    }

    [Fact]
    public async Task Psubscribe_prints_the_pattern_and_the_channel()
    {
        var output = new CapturingWriter();
        using var interrupt = new CancellationTokenSource();
        var run = CliApp.RunAsync(
            ["-p", Port, "-a", InProcessServer.Password, "--protocol", "resp", "PSUBSCRIBE", "news.*"],
            TextReader.Null, output, TextWriter.Null, _ => null, interrupt.Token);
        await Poll.UntilAsync(() => output.Text.EndsWith("3) (integer) 1\n", StringComparison.Ordinal));

        await using var publisher = await PublisherAsync();
        Assert.Equal(1, await publisher.PublishAsync("news.uk", "rain"));
        await Poll.UntilAsync(() => output.Text.EndsWith("1) \"pmessage\"\n2) \"news.*\"\n3) \"news.uk\"\n4) \"rain\"\n", StringComparison.Ordinal));

        await interrupt.CancelAsync();
        Assert.Equal(CliApp.ExitOk, await run.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Interactive_subscribe_reads_messages_and_a_lost_connection_ends_the_session_with_the_error()
    {
        var output = new CapturingWriter();
        var error = new CapturingWriter();
        var run = CliApp.RunAsync(
            ["-p", Port, "-a", InProcessServer.Password],
            new StringReader("subscribe alerts\nGET never-read\n"), output, error, _ => null, CancellationToken.None);
        await Poll.UntilAsync(() => output.Text.EndsWith("3) (integer) 1\n", StringComparison.Ordinal));
        Assert.StartsWith($"127.0.0.1:{Port}> Reading messages", output.Text, StringComparison.Ordinal);

        await using var publisher = await PublisherAsync();
        Assert.Equal(1, await publisher.PublishAsync("alerts", "fire"));
        await Poll.UntilAsync(() => output.Text.EndsWith("3) \"fire\"\n", StringComparison.Ordinal));

        // The server cuts the subscriber off: the CLI says so and the session ends (the next typed line is never run).
        Assert.Equal(1, (await publisher.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub")).Integer);
        Assert.Equal(CliApp.ExitOk, await run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.StartsWith("Error: ", error.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("never-read", output.Text, StringComparison.Ordinal);
    }

    private Task<MiniStoreClient> PublisherAsync() =>
        MiniStoreClient.ConnectAsync(new MiniStoreClientOptions { Port = _server.Port, Password = InProcessServer.Password, Protocol = WireFormat.Resp });

    /// <summary>Output written by the CLI on its own task, read by the test while it runs.</summary>
    private sealed class CapturingWriter : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly StringBuilder _text = new();

        public CapturingWriter() => NewLine = "\n";

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_gate)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                _text.Append(value);
            }
        }
    }
}
