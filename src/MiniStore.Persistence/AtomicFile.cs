using System.Runtime.InteropServices;

namespace MiniStore.Persistence;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old file or the new one, whole: the new contents go
/// to a temporary file in the same directory, which is flushed to disk (fsync), renamed over the old file (rename is
/// atomic within a file system), and then the directory itself is flushed so that the rename survives a power cut.
/// A temporary file left by a crash is named <c>temp-&lt;pid&gt;-&lt;random&gt;.rdb</c>; the next save does not reuse it.
/// </summary>
public static partial class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically; the old file stays if anything fails.</summary>
    public static void Replace(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new ArgumentException("The path has no directory.", nameof(path));
        var temp = TempPath(directory);
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.None))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        SyncDirectory(directory);
    }

    /// <summary>The temporary file a save in <paramref name="directory"/> writes before the rename.</summary>
    public static string TempPath(string directory) =>
        Path.Combine(directory, $"temp-{Environment.ProcessId}-{Guid.NewGuid():N}.rdb");

    /// <summary>fsync on the directory, so the new name is on disk too. Windows has no such call (and no need: NTFS journals renames).</summary>
    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, 0);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot flush directory '{directory}' (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The save already failed; a leftover temporary file is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
