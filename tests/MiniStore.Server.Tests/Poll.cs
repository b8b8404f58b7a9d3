namespace MiniStore.Server.Tests;

/// <summary>Waits for a state another connection or thread brings about, with a deadline; never sleeps a fixed time.</summary>
public static class Poll
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var giveUp = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < giveUp, "The condition did not become true before the deadline.");
            await Task.Yield();
        }
    }
}
