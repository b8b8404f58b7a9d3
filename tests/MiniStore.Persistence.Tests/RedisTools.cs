using System.Diagnostics;
using StackExchange.Redis;

namespace MiniStore.Persistence.Tests;

/// <summary>redis-check-rdb, and a StackExchange.Redis connection to a <see cref="RedisServerProcess"/>.</summary>
internal static class RedisTools
{
    /// <summary>Runs redis-check-rdb on <paramref name="path"/>: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckRdbAsync(string path)
    {
        var info = new ProcessStartInfo("redis-check-rdb")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    public static Task<ConnectionMultiplexer> ConnectAsync(RedisServerProcess redis) =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", redis.Port } },
            Password = RedisServerProcess.Password,
            AbortOnConnectFail = true,
            AllowAdmin = true,
            ConnectTimeout = 15_000,
            SyncTimeout = 60_000,
            AsyncTimeout = 60_000,
        });

    /// <summary>redis-server started on <paramref name="directory"/>/dump.rdb (which it loads if present), saving nothing by itself.</summary>
    public static Task<RedisServerProcess> StartOnAsync(string directory) =>
        RedisServerProcess.StartAsync(["--dir", directory, "--dbfilename", "dump.rdb", "--save", string.Empty]);
}
