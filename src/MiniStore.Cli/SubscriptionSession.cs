using System.Text;
using MiniStore.Client;

namespace MiniStore.Cli;

/// <summary>
/// SUBSCRIBE and PSUBSCRIBE, as redis-cli runs them: each confirmation, then each message as it comes, as an array
/// (<c>message</c>, channel, payload; <c>pmessage</c>, pattern, channel, payload), until Ctrl-C or the server ends
/// the connection. Output is flushed per message, so a pipe sees messages as they arrive.
/// </summary>
internal static class SubscriptionSession
{
    /// <summary>Whether the command starts reading messages (UNSUBSCRIBE and PUNSUBSCRIBE are plain commands).</summary>
    public static bool Starts(ReadOnlySpan<byte> command) =>
        Ascii.EqualsIgnoreCase(command, "SUBSCRIBE"u8) || Ascii.EqualsIgnoreCase(command, "PSUBSCRIBE"u8);

    /// <summary>Subscribes and prints until cancelled (exit 0) or disconnected (exit 1).</summary>
    public static async Task<int> RunAsync(
        MiniStoreClient client,
        IReadOnlyList<ReadOnlyMemory<byte>> command,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        try
        {
            var confirmations = await client.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            if (confirmations.Kind == ReplyKind.Error)
            {
                await output.WriteLineAsync(ReplyPrinter.Format(confirmations)).ConfigureAwait(false);
                return CliApp.ExitFailure;
            }

            await output.WriteLineAsync("Reading messages... (press Ctrl-C to quit)").ConfigureAwait(false);
            foreach (var confirmation in confirmations.Elements)
            {
                await output.WriteLineAsync(ReplyPrinter.Format(confirmation)).ConfigureAwait(false);
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var message in client.ReadMessagesAsync(cancellationToken).ConfigureAwait(false))
            {
                await output.WriteLineAsync(ReplyPrinter.Format(AsArray(message))).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return CliApp.ExitOk;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: the way a subscription is meant to end.
            return CliApp.ExitOk;
        }
        catch (MiniStoreConnectionException ex)
        {
            await error.WriteLineAsync($"Error: {ex.Message}").ConfigureAwait(false);
            return CliApp.ExitFailure;
        }
    }

    private static ClientReply AsArray(PubSubMessage message) => message.Pattern is null
        ? ClientReply.Array([Word("message"), Word(message.Channel), ClientReply.Value(message.Payload)])
        : ClientReply.Array([Word("pmessage"), Word(message.Pattern), Word(message.Channel), ClientReply.Value(message.Payload)]);

    private static ClientReply Word(string text) => ClientReply.Value(Encoding.UTF8.GetBytes(text));
}
