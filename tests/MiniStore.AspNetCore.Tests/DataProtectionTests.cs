using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace MiniStore.AspNetCore.Tests;

/// <summary>Data Protection's key ring kept in MiniStore (RPUSH / LRANGE), shared by two app instances.</summary>
public sealed class DataProtectionTests(MiniStoreHost host) : IClassFixture<MiniStoreHost>, IAsyncLifetime
{
    private static readonly RedisKey RingKey = "DataProtection-Keys";
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
    public async Task A_payload_protected_by_one_instance_is_unprotected_by_another_sharing_only_MiniStore()
    {
        var first = await NewProtectorAsync();
        var protectedPayload = first.Protect("the secret");

        var second = await NewProtectorAsync();

        Assert.Equal("the secret", second.Unprotect(protectedPayload));
        var inspector = await host.ConnectAsync();
        Assert.Equal(RedisType.List, await inspector.GetDatabase().KeyTypeAsync(RingKey));
        Assert.True(await inspector.GetDatabase().ListLengthAsync(RingKey) >= 1);
    }

    [Fact]
    public async Task An_instance_with_another_application_name_cannot_read_the_payload()
    {
        var first = await NewProtectorAsync();
        var protectedPayload = first.Protect("scoped");

        var other = await NewProtectorAsync("another-app");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => other.Unprotect(protectedPayload));
    }

    private async Task<IDataProtector> NewProtectorAsync(string application = "ministore-tests")
    {
        var connection = await host.ConnectAsync();
        var services = new ServiceCollection();
        services.AddDataProtection()
            .SetApplicationName(application)
            .PersistKeysToStackExchangeRedis(connection, RingKey);
        var provider = services.BuildServiceProvider();
        _instances.Add(provider);
        return provider.GetDataProtector("payloads");
    }
}
