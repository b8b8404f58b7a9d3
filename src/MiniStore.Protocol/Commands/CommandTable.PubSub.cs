namespace MiniStore.Protocol;

public static partial class CommandTable
{
    /// <summary>The pub/sub commands.</summary>
    private static CommandSpec[] PubSubRows() =>
    [
    ];
}
