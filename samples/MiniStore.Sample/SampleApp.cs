using System.Net;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MiniStore.Core;
using MiniStore.Hosting;

namespace MiniStore.Sample;

/// <summary>
/// The sample app: a minimal API and an embedded MiniStore on two endpoints of one Kestrel host. Built here rather
/// than in Program so the tests run exactly this app (on ports the OS picks).
/// </summary>
public static class SampleApp
{
    public sealed class Endpoints
    {
        public ListenOptions? Http { get; set; }

        public ListenOptions? Store { get; set; }
    }

    public static (WebApplication App, Endpoints Endpoints) Build(string[] args)
    {
        var endpoints = new Endpoints();
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddMiniStore(options =>
        {
            options.Password = builder.Configuration["MiniStore:Password"] ?? "sample-password";
            options.MaxMemoryBytes = 64L * 1024 * 1024;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, builder.Configuration.GetValue("Http:Port", 5080), listen => endpoints.Http = listen);
            kestrel.Listen(IPAddress.Loopback, builder.Configuration.GetValue("MiniStore:Port", 6380), listen => endpoints.Store = listen.UseMiniStore());
        });

        var app = builder.Build();

        // The app reads and writes the same store its cache clients use, in process: no network hop.
        app.MapGet("/greeting/{key}", (string key, KeyStore store) =>
            store.Get(Encoding.UTF8.GetBytes(key)) is { } value ? Results.Text(Encoding.UTF8.GetString(value.Span)) : Results.NotFound());
        app.MapPut("/greeting/{key}", async (string key, HttpRequest request, KeyStore store) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var value = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            store.Set(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value), SetOptions.Plain);
            return Results.NoContent();
        });
        app.MapGet("/keys", (KeyStore store) => store.GetStats().Keys);
        return (app, endpoints);
    }
}
