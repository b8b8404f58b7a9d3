using static MiniStore.Protocol.CommandTraits;

namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The pub/sub commands.</summary>
    private static CommandSpec[] PubSubRows() =>
    [
        new(CommandId.Subscribe, "subscribe", -2, Pubsub | NoScript | Loading | Stale, "@pubsub @slow", PubSub, "Listen for messages published to the given channels", "2.0.0", "O(N) where N is the number of channels to subscribe to."),
        new(CommandId.Unsubscribe, "unsubscribe", -1, Pubsub | NoScript | Loading | Stale, "@pubsub @slow", PubSub, "Stop listening for messages posted to the given channels", "2.0.0", "O(N) where N is the number of clients already subscribed to a channel."),
        new(CommandId.PSubscribe, "psubscribe", -2, Pubsub | NoScript | Loading | Stale, "@pubsub @slow", PubSub, "Listen for messages published to channels matching the given patterns", "2.0.0", "O(N) where N is the number of patterns the client is already subscribed to."),
        new(CommandId.PUnsubscribe, "punsubscribe", -1, Pubsub | NoScript | Loading | Stale, "@pubsub @slow", PubSub, "Stop listening for messages posted to channels matching the given patterns", "2.0.0", "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client)."),
        new(CommandId.Publish, "publish", 3, Pubsub | Loading | Stale | Fast, "@pubsub @fast", PubSub, "Post a message to a channel", "2.0.0", "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).", lineReply: LineReply.Integer),
        new(CommandId.PubSub, "pubsub", -2, None, "@slow", PubSub, "A container for Pub/Sub commands", "2.8.0", "Depends on subcommand.", subcommands:
        [
            new(CommandId.PubSub, "channels", -2, Pubsub | Loading | Stale, "@pubsub @slow", PubSub, "List active channels", "2.8.0", "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)", lineReply: LineReply.Value),
            new(CommandId.PubSub, "numsub", -2, Pubsub | Loading | Stale, "@pubsub @slow", PubSub, "Get the count of subscribers for channels", "2.8.0", "O(N) for the NUMSUB subcommand, where N is the number of requested channels", lineReply: LineReply.Value),
            new(CommandId.PubSub, "numpat", 2, Pubsub | Loading | Stale, "@pubsub @slow", PubSub, "Get the count of unique patterns pattern subscriptions", "2.8.0", "O(1)", lineReply: LineReply.Integer),
            new(CommandId.PubSub, "shardchannels", -2, Pubsub | Loading | Stale, "@pubsub @slow", PubSub, "List active shard channels", "7.0.0", "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).", lineReply: LineReply.Value),
            new(CommandId.PubSub, "shardnumsub", -2, Pubsub | Loading | Stale, "@pubsub @slow", PubSub, "Get the count of subscribers for shard channels", "7.0.0", "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels", lineReply: LineReply.Value),
            new(CommandId.PubSub, "help", 2, Loading | Stale, "@slow", PubSub, "Show helpful text about the different subcommands", "6.2.0", "O(1)"),
        ]),
    ];
}
