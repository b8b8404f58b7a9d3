using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MiniStore.Server.Tests;

/// <summary>The MiniStore meter publishes what dotnet-counters shows: commands by name, hits, misses, auth failures, connections.</summary>
[Collection(nameof(AllocationTests))]
public sealed class MetricsTests
{
    [Fact]
    public async Task The_MiniStore_meter_reports_commands_lookups_auth_failures_and_connections()
    {
        var counts = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Diagnostics.ServerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var name = instrument.Name;
            foreach (var tag in tags)
            {
                name += $"[{tag.Value}]";
            }

            counts.AddOrUpdate(name, value, (_, old) => instrument.IsObservable ? value : old + value);
        });
        listener.Start();

        await using var server = await InProcessServer.StartAsync();
        await using (var wrong = await server.ConnectAsync(authenticate: false))
        {
            Assert.Equal("ERR: invalid password", await wrong.CommandAsync("PASS nope"));
        }

        await using var client = await server.ConnectAsync();
        Assert.Equal("OK", await client.CommandAsync("SET k v"));
        Assert.Equal("v", await client.CommandAsync("GET k"));
        Assert.Equal("(nil)", await client.CommandAsync("GET missing"));
        Assert.Equal("PONG", await client.CommandAsync("PING"));
        listener.RecordObservableInstruments();

        Assert.Equal(1, counts.GetValueOrDefault("ministore.commands[SET]"));
        Assert.Equal(2, counts.GetValueOrDefault("ministore.commands[GET]"));
        Assert.Equal(1, counts.GetValueOrDefault("ministore.commands[PING]"));
        Assert.Equal(1, counts.GetValueOrDefault("ministore.keyspace.hits"));
        Assert.Equal(1, counts.GetValueOrDefault("ministore.keyspace.misses"));
        Assert.Equal(1, counts.GetValueOrDefault("ministore.auth.failures"));
        Assert.Equal(1, counts.GetValueOrDefault("ministore.connections"));
        Assert.Equal(1, counts.GetValueOrDefault("ministore.keys"));
        Assert.True(counts.ContainsKey("ministore.keys.expired"));
    }
}
