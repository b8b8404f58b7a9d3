using System.Globalization;
using MiniStore.Core;
using MiniStore.Persistence;

namespace MiniStore.Server.Tests;

/// <summary>
/// The persistence tests run apart from the parallel ones: they start server processes, redis-server and background
/// saves, and alongside them MemoryCapTests' LRU test lost its hot keys in some full runs (never without them).
/// </summary>
[CollectionDefinition(nameof(PersistenceCrashTests), DisableParallelization = true)]
public sealed class PersistenceCrashTestsRunAlone;

/// <summary>kill -9 of the real server process in the middle of a BGSAVE never costs the previous file.</summary>
[Collection(nameof(PersistenceCrashTests))]
public sealed class PersistenceCrashTests : IDisposable
{
    private const int KeysPerRound = 150_000;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ministore-crash-" + Guid.NewGuid().ToString("N"));

    public PersistenceCrashTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Kill9DuringBGSAVE_LeavesAFileThatLoads()
    {
        var port = LoopbackPort.Free();
        await using var server = ServerProcess.Start(["pw", port.ToString(CultureInfo.InvariantCulture), "--dir", _dir]);
        await server.WaitUntilListeningAsync(port);
        await using var c = await RespClient.ConnectAsync(port, "pw");
        await FillAsync(c, "old", KeysPerRound);
        Assert.Equal("OK", await c.CommandAsync("SAVE"));
        var good = await File.ReadAllBytesAsync(Path.Combine(_dir, "dump.rdb"));

        await FillAsync(c, "new", KeysPerRound);
        Assert.Equal("Background saving started", await c.CommandAsync("BGSAVE"));
        var info = (string)(await c.CommandAsync("INFO", "persistence"))!;
        await server.SignalAsync("KILL");
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // Whatever the moment of the kill, dump.rdb is a whole file: the old one (the save had not renamed yet), or the new one.
        using var store = new KeyStore();
        var loaded = RdbLoader.Load(store, Path.Combine(_dir, "dump.rdb")).KeysLoaded;
        Assert.Contains(loaded, new long[] { KeysPerRound, 2 * KeysPerRound });
        if (info.Contains("rdb_bgsave_in_progress:1", StringComparison.Ordinal) && loaded == KeysPerRound)
        {
            Assert.Equal(good, await File.ReadAllBytesAsync(Path.Combine(_dir, "dump.rdb")));
        }
    }

    /// <summary>MSET in batches, pipelined: one write of many commands, then their replies.</summary>
    private static async Task FillAsync(RespClient c, string prefix, int keys)
    {
        const int PerCommand = 1000;
        var request = new MemoryStream();
        for (var start = 0; start < keys; start += PerCommand)
        {
            var args = new List<object> { "MSET" };
            for (var i = start; i < start + PerCommand; i++)
            {
                args.Add($"{prefix}:{i}");
                args.Add($"value of {prefix} number {i} padded to be a little longer");
            }

            request.Write(RespClient.Encode([.. args]));
        }

        await c.SendAsync(request.ToArray());
        for (var start = 0; start < keys; start += PerCommand)
        {
            Assert.Equal("OK", c.ReadReply());
        }
    }
}
