namespace MiniStore.Client.Tests.Support;

/// <summary>Waits for a connection state that another thread sets (e.g. the reader loop seeing EOF), with a deadline.</summary>
public static class Poll
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition)
    {
        var giveUp = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "The condition did not become true before the deadline.");
            await Task.Yield();
        }
    }
}
