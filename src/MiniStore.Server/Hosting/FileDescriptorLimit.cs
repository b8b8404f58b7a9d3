using System.Runtime.InteropServices;

namespace MiniStore.Server.Hosting;

/// <summary>
/// Makes room for maxclients connections in the process's open-file limit, as Redis does at start: the soft limit is
/// raised toward what maxclients needs (never past the hard limit), and when even that is too low, maxclients is
/// lowered to what fits. A server that runs out of descriptors cannot accept, cannot open its RDB file, and the .NET
/// runtime itself can fail; refusing a client with "max number of clients reached" is the better outcome.
/// </summary>
internal static partial class FileDescriptorLimit
{
    /// <summary>Descriptors kept for everything but clients: RDB files, the metrics endpoint, the runtime's own (as Redis's 32).</summary>
    public const int Reserved = 32;

    private const int RlimitNofile = 7;

    /// <summary>What fits: maxclients (lowered if it must be), the soft limit now, the descriptors open at start.</summary>
    public readonly record struct Fit(int MaxClients, long Limit, int OpenAtStart);

    public static Fit For(int maxClients)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new Fit(maxClients, -1, 0);
        }

        var open = CountOpen();
        var needed = (ulong)maxClients + (ulong)open + Reserved;
        if (getrlimit(RlimitNofile, out var limit) != 0)
        {
            return new Fit(maxClients, -1, open);
        }

        if (limit.Current < needed)
        {
            var raised = limit with { Current = Math.Min(limit.Maximum, needed) };
            if (setrlimit(RlimitNofile, raised) == 0)
            {
                limit = raised;
            }
        }

        var room = (long)Math.Min(limit.Current, long.MaxValue) - open - Reserved;
        return new Fit((int)Math.Clamp(room, 1, maxClients), (long)Math.Min(limit.Current, long.MaxValue), open);
    }

    private static int CountOpen()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 64;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private record struct RLimit(ulong Current, ulong Maximum);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrlimit(int resource, out RLimit limit);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setrlimit(int resource, in RLimit limit);
}
