using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using MiniStore.Core;
using MiniStore.Persistence;

namespace MiniStore.Server.Tests;

/// <summary>
/// SAVE, BGSAVE, LASTSAVE, INFO persistence, CONFIG, save points, load on start and save on shutdown, over real sockets.
/// Runs apart from the parallel tests (with the kill -9 test): alongside them, MemoryCapTests' LRU test lost its hot
/// keys in some full runs, which it never did without these tests.
/// </summary>
[Collection(nameof(PersistenceCrashTests))]
public sealed class PersistenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ministore-persist-" + Guid.NewGuid().ToString("N"));

    public PersistenceTests() => Directory.CreateDirectory(_dir);

    private string DumpPath => Path.Combine(_dir, "dump.rdb");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task SAVE_WritesTheFile_AndLASTSAVE_AndINFO_FollowIt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var server = await InProcessServer.StartAsync(time, Settings());
        await using var c = await RespClient.ConnectAsync(server.Port);
        var started = time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(started, await c.CommandAsync("LASTSAVE"));
        await c.CommandAsync("SET", "a", "1");
        await c.CommandAsync("HSET", "h", "f", "v");
        await c.CommandAsync("RPUSH", "l", "x", "y");
        var info = await PersistenceInfoAsync(c);
        Assert.Equal("3", info["rdb_changes_since_last_save"]);
        Assert.Equal("0", info["rdb_bgsave_in_progress"]);
        Assert.Equal("0", info["rdb_saves"]);

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("OK", await c.CommandAsync("SAVE"));
        Assert.Equal(started + 30, await c.CommandAsync("LASTSAVE"));
        info = await PersistenceInfoAsync(c);
        Assert.Equal("0", info["rdb_changes_since_last_save"]);
        Assert.Equal("1", info["rdb_saves"]);
        Assert.Equal((started + 30).ToString(CultureInfo.InvariantCulture), info["rdb_last_save_time"]);

        using var loaded = new KeyStore();
        Assert.Equal(3, RdbLoader.Load(loaded, DumpPath).KeysLoaded);
        Assert.Equal(ValueKind.List, loaded.TypeOf("l"u8));
    }

    [Fact]
    public async Task BGSAVE_AnswersAtOnce_AndTheFileAppears()
    {
        await using var server = await InProcessServer.StartAsync(TimeProvider.System, Settings());
        await using var c = await RespClient.ConnectAsync(server.Port);
        for (var i = 0; i < 100; i++)
        {
            await c.CommandAsync("SET", $"key:{i}", $"value {i}");
        }

        Assert.Equal("Background saving started", await c.CommandAsync("BGSAVE"));
        await Poll.UntilAsync(async () => (await PersistenceInfoAsync(c))["rdb_bgsave_in_progress"] == "0");
        var info = await PersistenceInfoAsync(c);
        Assert.Equal("ok", info["rdb_last_bgsave_status"]);
        using var loaded = new KeyStore();
        Assert.Equal(100, RdbLoader.Load(loaded, DumpPath).KeysLoaded);
        Assert.Equal("Background saving started", await c.CommandAsync("BGSAVE", "SCHEDULE"));
        await Poll.UntilAsync(async () => (await PersistenceInfoAsync(c))["rdb_bgsave_in_progress"] == "0");
        Assert.Equal(new RespError("ERR syntax error"), await c.CommandAsync("BGSAVE", "NOW"));
    }

    [Fact]
    public async Task ASaveThatCannotWrite_FailsWithAnError_AndINFO_SaysErr()
    {
        var settings = Settings() with { Dir = Path.Combine(_dir, "gone") };
        Directory.CreateDirectory(settings.Dir);
        await using var server = await InProcessServer.StartAsync(TimeProvider.System, settings);
        Directory.Delete(settings.Dir);
        await using var c = await RespClient.ConnectAsync(server.Port);
        await c.CommandAsync("SET", "a", "1");
        Assert.IsType<RespError>(await c.CommandAsync("SAVE"));
        Assert.Equal("Background saving started", await c.CommandAsync("BGSAVE"));
        await Poll.UntilAsync(async () => (await PersistenceInfoAsync(c))["rdb_bgsave_in_progress"] == "0");
        Assert.Equal("err", (await PersistenceInfoAsync(c))["rdb_last_bgsave_status"]);
    }

    [Fact]
    public async Task TheFile_IsLoadedBeforeTheFirstConnection_WithItsExpiries()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        using (var source = new KeyStore(time: time))
        {
            Assert.True(source.TryLoad("kept"u8.ToArray(), "v"u8.ToArray(), source.NowMs + 100_000));
            Assert.True(source.TryLoad("gone"u8.ToArray(), "v"u8.ToArray(), source.NowMs + 1_000));
            Assert.True(source.TryLoad("forever"u8.ToArray(), "v"u8.ToArray(), KeyStore.NoDeadline));
            RdbSnapshot.Save(source, DumpPath);
        }

        time.Advance(TimeSpan.FromSeconds(10));
        await using var server = await InProcessServer.StartAsync(time, Settings());
        await using var c = await RespClient.ConnectAsync(server.Port);
        Assert.Equal(2L, await c.CommandAsync("DBSIZE"));
        Assert.Equal(90L, await c.CommandAsync("TTL", "kept"));
        Assert.Equal(-1L, await c.CommandAsync("TTL", "forever"));
        var info = await PersistenceInfoAsync(c);
        Assert.Equal("2", info["rdb_last_load_keys_loaded"]);
        Assert.Equal("1", info["rdb_last_load_keys_expired"]);

        // What was loaded is what the file holds: not a change to save, as redis-server reports after a load.
        Assert.Equal("0", info["rdb_changes_since_last_save"]);
    }

    [Fact]
    public async Task SavePoints_StartABackgroundSave_WhenTheirChangesAndSecondsAreReached()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var server = await InProcessServer.StartAsync(time, Settings() with { SaveRules = [new SaveRule(60, 2)] });
        await using var c = await RespClient.ConnectAsync(server.Port);
        await c.CommandAsync("SET", "a", "1");
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.False(File.Exists(DumpPath), "one change is not enough");
        await c.CommandAsync("SET", "b", "2");
        time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(DumpPath)));
        await Poll.UntilAsync(async () => (await PersistenceInfoAsync(c))["rdb_changes_since_last_save"] == "0");
        Assert.Equal("60 2", ((object?[])(await c.CommandAsync("CONFIG", "GET", "save"))!)[1]);
    }

    [Fact]
    public async Task CONFIG_GetsDirFilenameAndSave_SetsSave_AndRefusesProtectedOnes()
    {
        await using var server = await InProcessServer.StartAsync(TimeProvider.System, Settings());
        await using var c = await RespClient.ConnectAsync(server.Port);
        var pairs = (object?[])(await c.CommandAsync("CONFIG", "GET", "d*r", "dbfilename", "save"))!;
        var config = Enumerable.Range(0, pairs.Length / 2).ToDictionary(i => (string)pairs[2 * i]!, i => (string)pairs[(2 * i) + 1]!);
        Assert.Equal(new Dictionary<string, string> { ["dir"] = Path.GetFullPath(_dir), ["dbfilename"] = "dump.rdb", ["save"] = string.Empty }, config);
        Assert.Equal("OK", await c.CommandAsync("CONFIG", "SET", "save", "3600 1 300 100"));
        Assert.Equal(new object?[] { "save", "3600 1 300 100" }, await c.CommandAsync("CONFIG", "GET", "save"));
        Assert.Equal(new RespError("ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"), await c.CommandAsync("CONFIG", "SET", "save", "10 1 5"));
        Assert.Equal(new RespError("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"), await c.CommandAsync("CONFIG", "SET", "dir", "/tmp"));
        Assert.Equal(new RespError("ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config"), await c.CommandAsync("CONFIG", "SET", "dbfilename", "x.rdb"));
    }

    [Fact]
    public async Task AGracefulShutdown_Saves_WhenSavePointsAreConfigured_AndNotOtherwise()
    {
        await using (var server = await InProcessServer.StartAsync(TimeProvider.System, Settings()))
        {
            await using var c = await RespClient.ConnectAsync(server.Port);
            await c.CommandAsync("SET", "a", "1");
        }

        Assert.False(File.Exists(DumpPath));
        await using (var server = await InProcessServer.StartAsync(TimeProvider.System, Settings() with { SaveRules = [new SaveRule(3600, 1)] }))
        {
            await using var c = await RespClient.ConnectAsync(server.Port);
            await c.CommandAsync("SET", "b", "2");
        }

        using var loaded = new KeyStore();
        Assert.Equal(1, RdbLoader.Load(loaded, DumpPath).KeysLoaded);
        Assert.True(loaded.Exists("b"u8));
    }

    [Fact]
    public async Task ACorruptFile_StopsTheStart_WithOneLineNamingTheOffset_UnlessToldToSkip()
    {
        using (var source = new KeyStore())
        {
            for (var i = 0; i < 50; i++)
            {
                Assert.True(source.TryLoad(System.Text.Encoding.ASCII.GetBytes($"key:{i}"), new byte[100], KeyStore.NoDeadline));
            }

            RdbSnapshot.Save(source, DumpPath);
        }

        var bytes = await File.ReadAllBytesAsync(DumpPath);
        await File.WriteAllBytesAsync(DumpPath, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var port = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        var (exitCode, _, stderr) = await ServerProcess.RunAsync("pw", port, "--dir", _dir);
        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(" at offset [0-9]+;", line);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.StartsWith("ministore: cannot load", line, StringComparison.Ordinal);

        await using var server = ServerProcess.Start(["pw", port, "--dir", _dir, "--rdb-load-corrupt", "skip"]);
        await server.WaitUntilListeningAsync(int.Parse(port, CultureInfo.InvariantCulture));
        await using var c = await RespClient.ConnectAsync(int.Parse(port, CultureInfo.InvariantCulture), "pw");
        Assert.InRange((long)(await c.CommandAsync("DBSIZE"))!, 1, 49);
    }

    [Fact]
    public async Task BadPersistenceFlags_AreUsageErrors()
    {
        Assert.Equal(2, (await ServerProcess.RunAsync("pw", "--dir", Path.Combine(_dir, "nope"))).ExitCode);
        Assert.Equal(2, (await ServerProcess.RunAsync("pw", "--dbfilename", "a/b.rdb")).ExitCode);
        Assert.Equal(2, (await ServerProcess.RunAsync("pw", "--save", "10")).ExitCode);
        Assert.Equal(2, (await ServerProcess.RunAsync("pw", "--rdb-load-corrupt", "maybe")).ExitCode);
    }

    [Fact]
    public async Task Replies_AndErrors_MatchRedisServer()
    {
        var redisDir = Path.Combine(_dir, "redis");
        Directory.CreateDirectory(redisDir);
        await using var server = await InProcessServer.StartAsync(TimeProvider.System, Settings());
        await using var redis = await RedisServerProcess.StartAsync(["--dir", redisDir]);
        await using var ours = await RespClient.ConnectAsync(server.Port);
        await using var theirs = await RespClient.ConnectAsync(redis.Port, RedisServerProcess.Password);
        object?[][] commands =
        [
            ["SET", "k", "v"], ["SAVE"], ["SAVE", "now"], ["LASTSAVE", "x"], ["BGSAVE", "NOW"], ["BGSAVE", "a", "b"],
            ["CONFIG", "SET", "save", "10 1 5"], ["CONFIG", "SET", "save", "100 10"], ["CONFIG", "GET", "save"],
            ["CONFIG", "SET", "dir", "/"], ["CONFIG", "SET", "save", string.Empty],
        ];
        foreach (var command in commands)
        {
            var args = command.Select(a => (object)a!).ToArray();
            Assert.Equal(await theirs.CommandAsync(args), await ours.CommandAsync(args));
        }

        Assert.IsType<long>(await ours.CommandAsync("LASTSAVE"));
        Assert.Equal("Background saving started", await theirs.CommandAsync("BGSAVE"));
        Assert.Equal("Background saving started", await ours.CommandAsync("BGSAVE"));
        await Poll.UntilAsync(async () => (await PersistenceInfoAsync(ours))["rdb_bgsave_in_progress"] == "0");
        await Poll.UntilAsync(async () => (await PersistenceInfoAsync(theirs))["rdb_bgsave_in_progress"] == "0");
    }

    private ServerSettings Settings() => new() { Dir = _dir };

    private static async Task<Dictionary<string, string>> PersistenceInfoAsync(RespClient c)
    {
        var text = (string)(await c.CommandAsync("INFO", "persistence"))!;
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => p[1]);
    }
}
