using System.Text;

namespace MiniStore.Server.Tests.Differential;

/// <summary>
/// The command sequences ASP.NET Core's Redis output cache and SignalR backplane send (as MONITOR shows them from the
/// tests in MiniStore.AspNetCore.Tests), replayed against redis-server and MiniStore: every reply must match, with the
/// real shapes of their arguments (Unix-ms scores, keys joined by \x1e).
/// </summary>
[Collection(DifferentialTests.Name)]
public sealed class AspNetCoreScriptTests(DifferentialServers servers) : IAsyncLifetime
{
    private const string Tags = "oc:__MSOCT";
    private const string PagesTag = "oc:__MSOCT_pages";
    private const string OthersTag = "oc:__MSOCT_others";
    private const string PageEntry = "GET\u001eHTTP\u001e127.0.0.1:35015/PAGE\u001eQ\u001e*=";
    private const string OtherEntry = "GET\u001eHTTP\u001e127.0.0.1:35015/OTHER\u001eQ\u001e*=";

    private DifferentialHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await DifferentialHarness.OpenAsync(servers);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Output_cache_store_set_evict_by_tag_and_collect()
    {
        _harness.ResetAfterMismatch = false;
        var expiry = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds();
        byte[] body = [2, 0xb5, 0x92, 0, 13, 10, .. "page run 1"u8];
        await _harness.RunAsync(
        [
            // SetAsync: the entry with its TTL, the tag in the set of tags (only ever later), the entry under its tag.
            DiffCommand.Of("GET", "oc:__MSOCV_" + PageEntry),
            DiffCommand.Of("SETEX", "oc:__MSOCV_" + PageEntry, "60", body),
            DiffCommand.Of("ZADD", Tags, "GT", expiry, "pages"),
            DiffCommand.Of("ZADD", PagesTag, expiry, PageEntry),
            DiffCommand.Of("SETEX", "oc:__MSOCV_" + OtherEntry, "60", body),
            DiffCommand.Of("ZADD", Tags, "GT", expiry + 5, "others"),
            DiffCommand.Of("ZADD", OthersTag, expiry + 5, OtherEntry),
            DiffCommand.Of("ZADD", Tags, "GT", expiry - 1000, "pages"),
            DiffCommand.Of("ZADD", Tags, "GT", "CH", expiry + 1000, "pages"),
            DiffCommand.Of("GET", "oc:__MSOCV_" + PageEntry),
            DiffCommand.Timed(1, "TTL", "oc:__MSOCV_" + PageEntry),
            DiffCommand.Of("ZRANGE", Tags, "0", "-1", "WITHSCORES"),
            DiffCommand.Of("ZSCORE", Tags, "pages"),

            // EvictByTagAsync: scan the tag, delete the entries, remove them from the tag.
            DiffCommand.Of("ZSCAN", PagesTag, "0", "COUNT", "250"),
            DiffCommand.Of("UNLINK", "oc:__MSOCV_" + PageEntry),
            DiffCommand.Of("ZREM", PagesTag, PageEntry),
            DiffCommand.Of("EXISTS", PagesTag, "oc:__MSOCV_" + PageEntry),

            // The collector: a lock with SET NX EX, every tag trimmed up to a cut-off, then the lock released.
            DiffCommand.Of("SET", "oc:__MSOCTGC", "12/07/2026 13:29:37", "EX", "300", "NX"),
            DiffCommand.Of("SET", "oc:__MSOCTGC", "someone else", "EX", "300", "NX"),
            DiffCommand.Of("ZSCAN", Tags, "0", "COUNT", "250"),
            DiffCommand.Of("ZREMRANGEBYSCORE", PagesTag, "0", expiry + 86_400_000),
            DiffCommand.Of("ZREMRANGEBYSCORE", OthersTag, "0", expiry + 86_400_000),
            DiffCommand.Of("ZREMRANGEBYSCORE", Tags, "0", expiry + 86_400_000),
            DiffCommand.Of("EXISTS", Tags, PagesTag, OthersTag),
            DiffCommand.Of("UNLINK", "oc:__MSOCTGC"),
            DiffCommand.Of("EXPIRE", OthersTag, "60"),
        ]);
        _harness.AssertNoMismatches("output cache script");
    }

    [Fact]
    public async Task SignalR_backplane_publishes_count_only_real_receivers()
    {
        const string hub = "MiniStore.AspNetCore.Tests.SignalRBackplaneTests+ChatHub";
        await _harness.RunAsync(
        [
            DiffCommand.Of("PUBLISH", hub + ":connection:no-such-connection", new byte[] { 0x92, 0x01, 0xa3, (byte)'a', (byte)'d', (byte)'d' }),
            DiffCommand.Of("PUBLISH", hub + ":internal:groups", new byte[] { 0x94, 0x00 }),
            DiffCommand.Of("PUBLISH", "__Booksleeve_MasterChanged", "*"),
            DiffCommand.Of("PUBSUB", "NUMSUB", hub + ":all", hub + ":user:alice"),
            DiffCommand.Of("PUBSUB", "CHANNELS", hub + ":*"),
            DiffCommand.Of("PUBSUB", "NUMPAT"),
        ]);
        _harness.AssertNoMismatches("SignalR script");
    }

    [Fact]
    public async Task INFO_reports_a_version_that_takes_the_output_caches_ZADD_GT_path()
    {
        // The store uses ZADD GT only when INFO's redis_version is 6.2 or later (else a Lua script MiniStore lacks).
        var info = Encoding.ASCII.GetString(await _harness.MiniStore.CommandAsync("INFO", "server"));
        var line = info.Split("\r\n").Single(l => l.StartsWith("redis_version:", StringComparison.Ordinal));
        Assert.True(Version.Parse(line["redis_version:".Length..]) >= new Version(6, 2), line);
    }
}
