using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MiniStore.AspNetCore.Tests;

/// <summary>
/// Output caching stored in MiniStore (<c>AddStackExchangeRedisOutputCache</c>) behind a real Kestrel app: entries
/// are strings with a TTL, and each tag is a sorted set of entry keys scored by expiry (<c>ZADD GT</c>, which the
/// store only uses when INFO reports Redis 6.2 or later), read back with ZSCAN on eviction.
/// </summary>
public sealed class OutputCacheTests(MiniStoreHost host) : IClassFixture<MiniStoreHost>, IAsyncLifetime
{
    // Per test: the tests share one MiniStore, and the collector sweeps every tag set under a prefix.
    private readonly string _prefix = "oc" + Guid.NewGuid().ToString("N")[..8] + ":";

    private KestrelApp _app = null!;
    private HttpClient _http = null!;
    private IConnectionMultiplexer _redis = null!;
    private int _pageRuns;
    private int _otherRuns;

    public async Task InitializeAsync()
    {
        _app = await KestrelApp.StartAsync(
            services =>
            {
                services.AddStackExchangeRedisOutputCache(options =>
                {
                    options.ConfigurationOptions = host.Configuration;
                    options.InstanceName = _prefix;
                });
                services.AddOutputCache();
            },
            app =>
            {
                app.UseOutputCache();
                app.MapGet("/page", () => $"page run {Interlocked.Increment(ref _pageRuns)}").CacheOutput(policy => policy.Tag("pages"));
                app.MapGet("/other", () => $"other run {Interlocked.Increment(ref _otherRuns)}").CacheOutput(policy => policy.Tag("others"));
            });
        _http = new HttpClient { BaseAddress = _app.Address };
        _redis = await host.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_second_request_is_served_from_MiniStore_until_its_tag_is_evicted()
    {
        Assert.Equal("page run 1", await _http.GetStringAsync(new Uri("page", UriKind.Relative)));
        Assert.Equal("page run 1", await _http.GetStringAsync(new Uri("page", UriKind.Relative)));
        Assert.Equal("other run 1", await _http.GetStringAsync(new Uri("other", UriKind.Relative)));
        Assert.Equal(1, _pageRuns);

        // What the store left in MiniStore: the entry (a string with a TTL), its tag's sorted set naming it (scored by
        // the entry's expiry in Unix ms), and the set of tags the store's collector sweeps.
        var db = _redis.GetDatabase();
        var tagged = await db.SortedSetRangeByRankWithScoresAsync(_prefix + "__MSOCT_pages");
        var entry = Assert.Single(tagged);
        Assert.Contains("/PAGE", (string)entry.Element!, StringComparison.Ordinal);
        var entryKey = _prefix + "__MSOCV_" + entry.Element;
        Assert.Equal(RedisType.String, await db.KeyTypeAsync(entryKey));
        Assert.NotNull(await db.KeyTimeToLiveAsync(entryKey));
        Assert.True(entry.Score > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), $"Expiry score {entry.Score} is not in the future.");
        Assert.NotNull(await db.SortedSetScoreAsync(_prefix + "__MSOCT", "pages"));

        var store = _app.Services.GetRequiredService<IOutputCacheStore>();
        await store.EvictByTagAsync("pages", CancellationToken.None);

        // The store deletes fire-and-forget on its own connection, so this one may look before the delete ran.
        await Poll.UntilAsync(async () => !await db.KeyExistsAsync(entryKey));
        Assert.Equal("page run 2", await _http.GetStringAsync(new Uri("page", UriKind.Relative)));
        Assert.Equal("page run 2", await _http.GetStringAsync(new Uri("page", UriKind.Relative)));

        // The other tag was left alone.
        Assert.Equal("other run 1", await _http.GetStringAsync(new Uri("other", UriKind.Relative)));
        Assert.Equal(1, _otherRuns);
    }

    [Fact]
    public async Task The_stores_collector_trims_expired_members_from_the_tag_sets()
    {
        Assert.Equal("page run 1", await _http.GetStringAsync(new Uri("page", UriKind.Relative)));
        Assert.Equal("other run 1", await _http.GetStringAsync(new Uri("other", UriKind.Relative)));
        var db = _redis.GetDatabase();
        Assert.Equal(1, await db.SortedSetLengthAsync(_prefix + "__MSOCT_pages"));

        // The collector runs every few minutes on the wall clock and is internal: call it directly, as if that time
        // had passed and every entry so far had expired (it takes a lock key with SET NX EX, then trims each tag
        // set with ZREMRANGEBYSCORE up to the cut-off).
        var store = _app.Services.GetRequiredService<IOutputCacheStore>();
        var collect = store.GetType().GetMethod("ExecuteGarbageCollectionAsync", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("The store's collector was renamed.");
        var cutOff = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds();
        var removed = await (ValueTask<long?>)collect.Invoke(store, [cutOff, CancellationToken.None])!;

        Assert.Equal(2, removed);
        Assert.Equal(0, await db.SortedSetLengthAsync(_prefix + "__MSOCT_pages"));
        Assert.Equal(0, await db.SortedSetLengthAsync(_prefix + "__MSOCT_others"));
    }
}
