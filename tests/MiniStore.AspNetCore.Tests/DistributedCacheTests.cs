using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace MiniStore.AspNetCore.Tests;

/// <summary><c>IDistributedCache</c> from <c>AddStackExchangeRedisCache</c> (HSET/HMGET/EXPIRE/DEL) against MiniStore.</summary>
public sealed class DistributedCacheTests(MiniStoreHost host) : IClassFixture<MiniStoreHost>, IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private IDistributedCache _cache = null!;

    public async Task InitializeAsync()
    {
        var connection = await host.ConnectAsync();
        _services = new ServiceCollection()
            .AddStackExchangeRedisCache(options =>
            {
                options.InstanceName = "app:";
                options.ConnectionMultiplexerFactory = () => Task.FromResult(connection);
            })
            .BuildServiceProvider();
        _cache = _services.GetRequiredService<IDistributedCache>();
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Set_get_and_remove_round_trip_binary_values()
    {
        var value = new byte[] { 0, 1, 2, 255, 13, 10 };
        await _cache.SetAsync("plain", value, new DistributedCacheEntryOptions());

        Assert.Equal(value, await _cache.GetAsync("plain"));
        Assert.Equal("hash", await TypeOfAsync("app:plain"));

        await _cache.RemoveAsync("plain");
        Assert.Null(await _cache.GetAsync("plain"));
    }

    [Fact]
    public async Task Strings_use_the_same_storage()
    {
        await _cache.SetStringAsync("greeting", "héllo", new DistributedCacheEntryOptions());

        Assert.Equal("héllo", await _cache.GetStringAsync("greeting"));
        Assert.Null(await _cache.GetStringAsync("never-set"));
    }

    [Fact]
    public async Task An_absolute_expiry_removes_the_entry_when_the_server_clock_passes_it()
    {
        await _cache.SetStringAsync("absolute", "v", new DistributedCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10),
        });

        host.ServerTime.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("v", await _cache.GetStringAsync("absolute"));

        host.ServerTime.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Null(await _cache.GetStringAsync("absolute"));
    }

    [Fact]
    public async Task A_sliding_entry_lives_while_read_and_disappears_after_its_window()
    {
        await _cache.SetStringAsync("sliding", "v", new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(10),
        });

        // Each read slides the window (EXPIRE from the sliding time): 3 × 6 minutes outlive one 10-minute window.
        for (var i = 0; i < 3; i++)
        {
            host.ServerTime.Advance(TimeSpan.FromMinutes(6));
            Assert.Equal("v", await _cache.GetStringAsync("sliding"));
        }

        host.ServerTime.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.Null(await _cache.GetStringAsync("sliding"));
    }

    [Fact]
    public async Task Refresh_slides_the_window_without_reading_the_value()
    {
        await _cache.SetStringAsync("refreshed", "v", new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromMinutes(10),
        });

        host.ServerTime.Advance(TimeSpan.FromMinutes(8));
        await _cache.RefreshAsync("refreshed");
        host.ServerTime.Advance(TimeSpan.FromMinutes(8));
        Assert.Equal("v", await _cache.GetStringAsync("refreshed"));

        host.ServerTime.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(await _cache.GetStringAsync("refreshed"));
    }

    [Fact]
    public async Task Overwriting_an_entry_replaces_value_and_expiry()
    {
        await _cache.SetStringAsync("over", "first", new DistributedCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1),
        });
        await _cache.SetStringAsync("over", "second", new DistributedCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10),
        });

        host.ServerTime.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("second", await _cache.GetStringAsync("over"));
        host.ServerTime.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Null(await _cache.GetStringAsync("over"));
    }

    private async Task<string> TypeOfAsync(string key)
    {
        var connection = await host.ConnectAsync();
        return (await connection.GetDatabase().KeyTypeAsync(key)).ToString().ToLowerInvariant();
    }
}
