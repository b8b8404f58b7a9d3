namespace MiniStore.Testing;

/// <summary>
/// Waits for a state that another connection or thread brings about (e.g. a reader loop seeing EOF), with a deadline;
/// never sleeps a fixed time.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static Task UntilAsync(Func<bool> condition) => UntilAsync(() => Task.FromResult(condition()));

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
