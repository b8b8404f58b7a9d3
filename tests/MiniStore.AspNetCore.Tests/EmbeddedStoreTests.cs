using Microsoft.AspNetCore.Builder;
using System.Net;
using MiniStore.Sample;
using StackExchange.Redis;

namespace MiniStore.AspNetCore.Tests;

/// <summary>
/// MiniStore embedded in an ASP.NET Core app (MiniStore.Hosting, samples/MiniStore.Sample): StackExchange.Redis on
/// the store's endpoint and HttpClient on the app's, one process, one store.
/// </summary>
public sealed class EmbeddedStoreTests : IAsyncLifetime
{
    private const string Password = "embedded pass";

    private WebApplication _app = null!;
    private SampleApp.Endpoints _endpoints = null!;

    public async Task InitializeAsync()
    {
        (_app, _endpoints) = SampleApp.Build(["--Http:Port=0", "--MiniStore:Port=0", $"--MiniStore:Password={Password}", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task<ConnectionMultiplexer> ConnectAsync(string password) => ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
    {
        EndPoints = { { "127.0.0.1", _endpoints.Store!.IPEndPoint!.Port } },
        Password = password,
        AbortOnConnectFail = true,
        ConnectTimeout = 15_000,
        SyncTimeout = 15_000,
        AsyncTimeout = 15_000,
    });

    [Fact]
    public async Task StackExchange_Redis_and_the_apps_http_endpoints_share_one_store()
    {
        await using var redis = await ConnectAsync(Password);
        var db = redis.GetDatabase();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_endpoints.Http!.IPEndPoint!.Port}") };

        Assert.True(await db.StringSetAsync("greeting", "hello from redis", TimeSpan.FromMinutes(5)));
        Assert.Equal("hello from redis", await http.GetStringAsync("/greeting/greeting"));

        using (var put = await http.PutAsync("/greeting/other", new StringContent("hello from http")))
        {
            Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        }

        Assert.Equal("hello from http", (string?)await db.StringGetAsync("other"));
        Assert.Equal("2", await http.GetStringAsync("/keys"));
        Assert.True(await db.KeyDeleteAsync("greeting"));
        using var gone = await http.GetAsync("/greeting/greeting");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task The_embedded_store_still_requires_its_password_and_its_port_does_not_speak_http()
    {
        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectAsync("wrong password"));

        using var http = new HttpClient();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{_endpoints.Store!.IPEndPoint!.Port}/keys"));
    }
}
