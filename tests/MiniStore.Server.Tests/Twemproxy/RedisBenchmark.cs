using System.Diagnostics;
using System.Text;

namespace MiniStore.Server.Tests.Twemproxy;

/// <summary>Runs the real redis-benchmark (Debian's redis-tools, installed by CI) to completion, with a deadline.</summary>
internal static class RedisBenchmark
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("redis-benchmark")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-benchmark is not installed (apt-get install redis-tools); CI installs it.", ex);
        }

        using (process)
        {
            var output = new StringBuilder();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(Deadline);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
                throw new TimeoutException($"redis-benchmark did not finish within {Deadline.TotalMinutes} min:\n{await stdout}{await stderr}");
            }

            output.Append(await stdout).Append(await stderr);
            return (process.ExitCode, output.ToString());
        }
    }
}
