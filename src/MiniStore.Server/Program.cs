using System.CommandLine;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Connections;
using MiniStore.Server.CommandLine;
using MiniStore.Server.Hosting;
using MiniStore.Server.Security;

namespace MiniStore.Server;

public static class Program
{
    public const int ExitUsage = 2;
    public const int ExitFailure = 1;

    /// <summary>Read once by System.Net.Sockets when the first socket is created, so it is set before anything else.</summary>
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static async Task<int> Main(string[] args)
    {
        // Run socket completions on the epoll thread instead of handing each one to the thread pool: with
        // the connection loop inlined too, a request costs no thread switch. perf showed a fifth of the CPU
        // in context switches without it (docs/benchmarks.md). Safe because no command blocks. A value the
        // user set wins.
        if (Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }

        var commandLine = new ServerCommandLine();

        // After every option exists: --help shows each one's key in ministore.json and its MINISTORE__ variable.
        ConfigurationLayer.DescribeKeys(commandLine.Root);
        var configuration = ConfigurationLayer.Load(
            commandLine.Root, commandLine.ConfigOption, args, Environment.GetEnvironmentVariables(), Environment.CurrentDirectory, out var configurationError);
        if (configuration is null)
        {
            return Usage(configurationError!);
        }

        var exitCode = 0;
        commandLine.Root.SetAction(async (parse, cancellationToken) =>
        {
            var launch = commandLine.Bind(parse, Environment.GetEnvironmentVariable, out var error, configuration.IsConfigured);
            if (launch is null)
            {
                exitCode = Usage(configuration.Explain(error!));
                return;
            }

            exitCode = await RunAsync(launch).ConfigureAwait(false);
        });

        var parse = commandLine.Root.Parse([.. configuration.Arguments]);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            return Usage(configuration.Explain(parse.Errors[0].Message));
        }

        // The host handles Ctrl+C and SIGTERM (graceful shutdown); System.CommandLine must not race it.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
        var result = await parse.InvokeAsync(invocation).ConfigureAwait(false);
        return result != 0 ? result : exitCode;
    }

    private static async Task<int> RunAsync(ServerLaunch launch)
    {
        using var verifier = PasswordVerifier.Create(launch.Password, fastPath: launch.Settings.AuthFastPath);
        WebApplication built;
        try
        {
            built = ServerHost.Build(launch.Settings, verifier, launch.Store);
        }
        catch (PersistenceStartException ex)
        {
            await Console.Error.WriteLineAsync($"ministore: {ex.Message}").ConfigureAwait(false);
            return ExitFailure;
        }

        await using var app = built;
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsListenFailure(ex))
        {
            var reason = ex is IOException { InnerException: AddressInUseException } or AddressInUseException
                ? "address already in use"
                : (ex.InnerException ?? ex).Message;
            await Console.Error.WriteLineAsync($"ministore: cannot listen on {launch.Settings.Bind}:{launch.Settings.Port}: {reason}").ConfigureAwait(false);
            return ExitFailure;
        }

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    private static bool IsListenFailure(Exception ex) =>
        ex is IOException or SocketException or AddressInUseException or InvalidOperationException { InnerException: SocketException };

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"ministore: {message}");
        Console.Error.WriteLine("Run with --help for usage.");
        return ExitUsage;
    }
}
