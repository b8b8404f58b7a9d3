using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis transactions (MULTI/EXEC with WATCH-based conditions) and its blocking-free list calls.</summary>
public sealed class StackExchangeRedisTransactionTests : StackExchangeRedisTestBase
{
    [Fact]
    public async Task A_transaction_whose_condition_holds_runs()
    {
        var db = Redis.GetDatabase();
        await db.StringSetAsync("owner", "me");
        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual("owner", "me"));
        var set = transaction.StringSetAsync("value", "42");
        var incremented = transaction.StringIncrementAsync("count");
        Assert.True(await transaction.ExecuteAsync());
        Assert.True(await set);
        Assert.Equal(1, await incremented);
        Assert.Equal("42", await db.StringGetAsync("value"));
    }

    [Fact]
    public async Task A_transaction_whose_condition_fails_does_not_run()
    {
        var db = Redis.GetDatabase();
        await db.StringSetAsync("owner", "someone else");
        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual("owner", "me"));
        transaction.AddCondition(Condition.KeyNotExists("value"));
        _ = transaction.StringSetAsync("value", "42");
        Assert.False(await transaction.ExecuteAsync());
        Assert.False(await db.KeyExistsAsync("value"));

        var second = db.CreateTransaction();
        second.AddCondition(Condition.HashNotExists("h", "f"));
        second.AddCondition(Condition.ListLengthEqual("l", 0));
        var hashSet = second.HashSetAsync("h", "f", "v");
        var pushed = second.ListRightPushAsync("l", "x");
        Assert.True(await second.ExecuteAsync());
        Assert.True(await hashSet);
        Assert.Equal(1, await pushed);
    }

    [Fact]
    public async Task A_condition_broken_by_another_connection_between_WATCH_and_EXEC_stops_the_transaction()
    {
        var db = Redis.GetDatabase();
        await db.StringSetAsync("k", "1");
        await using var other = await RespClient.ConnectAsync(Server.Port);

        // Race the condition against another client's write many times: every outcome must be consistent, i.e. a
        // transaction that ran saw k unchanged, one that did not run left its key unset.
        for (var i = 0; i < 50; i++)
        {
            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.StringEqual("k", "1"));
            _ = transaction.StringSetAsync("ran", i);
            var executing = transaction.ExecuteAsync();
            Assert.Equal("OK", await other.CommandAsync("SET", "k", i % 2 == 0 ? "1" : "2"));
            var ran = await executing;
            Assert.Equal(ran, await db.StringGetAsync("ran") == i);
            await db.StringSetAsync("k", "1");
        }
    }
}
