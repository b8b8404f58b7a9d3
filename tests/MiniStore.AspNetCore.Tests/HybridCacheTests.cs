using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace MiniStore.AspNetCore.Tests;

/// <summary><c>HybridCache</c> with MiniStore as its distributed (L2) cache, shared by two app instances.</summary>
public sealed class HybridCacheTests(MiniStoreHost host) : IClassFixture<MiniStoreHost>, IAsyncLifetime
{
    private readonly List<ServiceProvider> _instances = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_second_instance_is_served_from_MiniStore_without_running_the_factory()
    {
        var first = await NewInstanceAsync();
        var second = await NewInstanceAsync();
        var calls = 0;

        var created = await first.GetOrCreateAsync("product:1", _ => ValueTask.FromResult(Describe(ref calls, "widget")));
        await StoredInMiniStoreAsync("product:1");
        var fetched = await second.GetOrCreateAsync("product:1", _ => ValueTask.FromResult(Describe(ref calls, "other")));

        Assert.Equal("widget", created);
        Assert.Equal("widget", fetched);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Removing_a_key_makes_the_next_instance_create_it_again()
    {
        var first = await NewInstanceAsync();
        var calls = 0;
        await first.GetOrCreateAsync("product:2", _ => ValueTask.FromResult(Describe(ref calls, "v1")));

        await first.RemoveAsync("product:2");
        var second = await NewInstanceAsync();
        var again = await second.GetOrCreateAsync("product:2", _ => ValueTask.FromResult(Describe(ref calls, "v2")));

        Assert.Equal("v2", again);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task RemoveByTag_invalidates_tagged_entries_for_every_instance()
    {
        var first = await NewInstanceAsync();
        var calls = 0;
        string[] tags = ["catalog"];
        await first.GetOrCreateAsync("product:3", _ => ValueTask.FromResult(Describe(ref calls, "old")), tags: tags);
        await first.GetOrCreateAsync("untagged:3", _ => ValueTask.FromResult(Describe(ref calls, "kept")));
        await StoredInMiniStoreAsync("untagged:3");

        await first.RemoveByTagAsync("catalog");

        var second = await NewInstanceAsync();
        Assert.Equal("new", await first.GetOrCreateAsync("product:3", _ => ValueTask.FromResult(Describe(ref calls, "new")), tags: tags));
        Assert.Equal("kept", await second.GetOrCreateAsync("untagged:3", _ => ValueTask.FromResult(Describe(ref calls, "recreated"))));
        Assert.Equal(3, calls);
    }

    private static string Describe(ref int calls, string value)
    {
        calls++;
        return value;
    }

    /// <summary>HybridCache may finish writing to its L2 after GetOrCreateAsync returns: wait for the key to be there.</summary>
    private async Task StoredInMiniStoreAsync(string key)
    {
        var inspector = (await host.ConnectAsync()).GetDatabase();
        await Poll.UntilAsync(() => inspector.KeyExistsAsync("hybrid:" + key));
    }

    private async Task<HybridCache> NewInstanceAsync()
    {
        var connection = await host.ConnectAsync();
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(options =>
        {
            options.InstanceName = "hybrid:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(connection);
        });
        services.AddHybridCache();
        var provider = services.BuildServiceProvider();
        _instances.Add(provider);
        return provider.GetRequiredService<HybridCache>();
    }
}
