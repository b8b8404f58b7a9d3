using System.CommandLine;
using MiniStore.Client;

namespace MiniStore.Cli;

/// <summary>
/// The entry point, callable in-process with any reader and writers. With a command: send it, print the reply,
/// exit 0 (1 if the reply is an error or the server cannot be reached); SUBSCRIBE and PSUBSCRIBE print messages
/// until cancelled (Ctrl-C). Without a command: a prompt loop.
/// </summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    /// <summary>Ctrl-C anywhere but in a subscription's message loop, as a shell reports a SIGINT.</summary>
    public const int ExitInterrupted = 130;

    private const string Name = "ministore-cli";

    public static async Task<int> RunAsync(
        string[] args,
        TextReader input,
        TextWriter output,
        TextWriter error,
        Func<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var commandLine = new CliCommandLine();
        var start = CliCommandLine.CommandStart(args);
        var parse = commandLine.Root.Parse(args[..start]);
        if (parse.Errors.Count > 0)
        {
            return Usage(error, parse.Errors[0].Message);
        }

        if (parse.Action is not null)
        {
            // --help and --version.
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
        }

        var options = commandLine.Bind(parse, environment ?? Environment.GetEnvironmentVariable, out var problem);
        if (problem is null && commandLine.Unmatched(parse) is { } unknown)
        {
            problem = $"unknown option '{unknown}'";
            options = null;
        }

        if (options is null)
        {
            return Usage(error, problem!);
        }

        var command = args[start..];
        try
        {
            return command.Length > 0
                ? await OneShotAsync(options, command, output, error, cancellationToken).ConfigureAwait(false)
                : await new InteractiveSession(options, input, output, error).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitInterrupted;
        }
    }

    /// <summary>Connects and authenticates; null after printing why not.</summary>
    internal static async Task<MiniStoreClient?> ConnectAsync(MiniStoreClientOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await MiniStoreClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (MiniStoreServerException ex)
        {
            await error.WriteLineAsync($"AUTH failed: {ex.ServerMessage}").ConfigureAwait(false);
        }
        catch (MiniStoreConnectionException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
        }
        catch (MiniStoreProtocolException ex)
        {
            var protocol = options.Protocol.ToString().ToLowerInvariant();
            await error.WriteLineAsync($"The server's answer to the password was not understood (is it speaking the {protocol} protocol?): {ex.Message}").ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Sends one command and prints its reply; false if the connection failed meanwhile.</summary>
    internal static async Task<(bool Connected, ClientReply? Reply)> ExecuteAndPrintAsync(
        MiniStoreClient client,
        IReadOnlyList<ReadOnlyMemory<byte>> command,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        try
        {
            var reply = await client.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            var raw = System.Text.Ascii.EqualsIgnoreCase(command[0].Span, "INFO"u8);
            await output.WriteLineAsync(ReplyPrinter.Format(reply, raw)).ConfigureAwait(false);
            return (true, reply);
        }
        catch (MiniStoreConnectionException ex)
        {
            await error.WriteLineAsync($"Error: {ex.Message}").ConfigureAwait(false);
            return (false, null);
        }
    }

    private static async Task<int> OneShotAsync(MiniStoreClientOptions options, string[] command, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var client = await ConnectAsync(options, error, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return ExitFailure;
        }

        var arguments = command.Select(argument => (ReadOnlyMemory<byte>)System.Text.Encoding.UTF8.GetBytes(argument)).ToArray();
        if (SubscriptionSession.Starts(arguments[0].Span))
        {
            return await SubscriptionSession.RunAsync(client, arguments, output, error, cancellationToken).ConfigureAwait(false);
        }

        var (connected, reply) = await ExecuteAndPrintAsync(client, arguments, output, error, cancellationToken).ConfigureAwait(false);
        return connected && reply!.Kind != ReplyKind.Error ? ExitOk : ExitFailure;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"{Name}: {message} (see --help)");
        return ExitUsage;
    }
}
