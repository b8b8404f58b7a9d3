using System.Globalization;
using System.Text;
using MiniStore.Server.Tests.Support;

namespace MiniStore.Server.Tests.Differential;

/// <summary>A request whose replies differ: redis-server's (the oracle) and MiniStore's, as exact bytes.</summary>
/// <param name="Index">The request's position in everything the harness sent (0-based).</param>
/// <param name="Command">The request.</param>
/// <param name="Redis">redis-server's reply.</param>
/// <param name="MiniStore">MiniStore's reply.</param>
/// <param name="Before">The requests just before it, oldest first, for context.</param>
public sealed record Mismatch(long Index, DiffCommand Command, byte[] Redis, byte[] MiniStore, IReadOnlyList<DiffCommand> Before)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{Index} {Command}\n");
        text.Append(CultureInfo.InvariantCulture, $"    redis:     {RespFrame.Escape(Redis)}\n");
        text.Append(CultureInfo.InvariantCulture, $"    ministore: {RespFrame.Escape(MiniStore)}\n");
        if (Before.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"    after:     {string.Join(" | ", Before)}\n");
        }

        return text.ToString();
    }
}

/// <summary>One request and both servers' replies.</summary>
public sealed record Exchange(DiffCommand Command, byte[] Redis, byte[] MiniStore)
{
    public bool Same { get; } = ReplyComparison.Equivalent(Redis, MiniStore, Command.Tolerance, Command.Match)
        || (Command.Equivalence?.Invoke(Redis, MiniStore) ?? false);
}
