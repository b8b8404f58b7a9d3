using System.Text;
using MiniStore.Client;

namespace MiniStore.Cli;

/// <summary>
/// The prompt loop: <c>127.0.0.1:8080&gt; </c>, one command per line, quoting as on the wire. A lost connection
/// is reported and re-opened at the next command, as redis-cli does; <c>quit</c>, <c>exit</c> or end of input leave.
/// </summary>
internal sealed class InteractiveSession(MiniStoreClientOptions options, TextReader input, TextWriter output, TextWriter error)
{
    private readonly string _prompt = $"{options.Host}:{options.Port}> ";
    private MiniStoreClient? _client;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            _client = await CliApp.ConnectAsync(options, error, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                await output.WriteAsync(_client is null ? "not connected> " : _prompt).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                var line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    await output.WriteLineAsync().ConfigureAwait(false);
                    return CliApp.ExitOk;
                }

                if (!await ExecuteLineAsync(line, cancellationToken).ConfigureAwait(false))
                {
                    return CliApp.ExitOk;
                }
            }
        }
        finally
        {
            if (_client is not null)
            {
                await _client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one typed line; false when the session should end.</summary>
    private async Task<bool> ExecuteLineAsync(string line, CancellationToken cancellationToken)
    {
        var command = LineSplitter.Split(line);
        if (command is null)
        {
            await output.WriteLineAsync("Invalid argument(s)").ConfigureAwait(false);
            return true;
        }

        if (command.Count == 0)
        {
            return true;
        }

        var name = Encoding.UTF8.GetString(command[0].Span);
        if (name.Equals("exit", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (_client is null || !_client.IsConnected)
        {
            if (_client is not null)
            {
                await _client.DisposeAsync().ConfigureAwait(false);
            }

            _client = await CliApp.ConnectAsync(options, error, cancellationToken).ConfigureAwait(false);
            if (_client is null)
            {
                return true;
            }
        }

        if (SubscriptionSession.Starts(command[0].Span))
        {
            // As in redis-cli, reading messages lasts until Ctrl-C, which ends the session.
            await SubscriptionSession.RunAsync(_client, command, output, error, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var (connected, _) = await CliApp.ExecuteAndPrintAsync(_client, command, output, error, cancellationToken).ConfigureAwait(false);
        if (!connected)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
            _client = null;
        }

        // QUIT closes the connection; like redis-cli, it also ends the session.
        return !name.Equals("quit", StringComparison.OrdinalIgnoreCase);
    }
}
