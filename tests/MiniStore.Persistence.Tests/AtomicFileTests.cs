using MiniStore.Core;

namespace MiniStore.Persistence.Tests;

/// <summary>A save that dies half way never costs the good file.</summary>
public sealed class AtomicFileTests
{
    [Fact]
    public void ASaveThatFailsHalfWay_LeavesThePreviousFileWhole_AndNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("dump.rdb");
        using var store = new KeyStore();
        Datasets.FillEveryType(store);
        RdbSnapshot.Save(store, path);
        var good = File.ReadAllBytes(path);

        var ex = Assert.Throws<IOException>(() => AtomicFile.Replace(path, stream =>
        {
            stream.Write(good.AsSpan(0, good.Length / 2));
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal("disk full (simulated)", ex.Message);
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Equal(["dump.rdb"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AProcessKilledMidWrite_LeavesOnlyATemporaryFile_AndThePreviousFileLoads()
    {
        using var dir = new TempDirectory();
        var path = dir.File("dump.rdb");
        using var store = new KeyStore();
        Datasets.FillEveryType(store);
        RdbSnapshot.Save(store, path);

        // What kill -9 during a save leaves: a partly written temporary file beside the untouched old one. The writer
        // never touches dump.rdb until the temporary file is complete and on disk, so this is the only state a crash can
        // leave before the rename (and after it the new file is complete).
        var temp = AtomicFile.TempPath(dir.Path);
        File.WriteAllBytes(temp, File.ReadAllBytes(path).AsSpan(0, 1000).ToArray());
        using var reloaded = new KeyStore();
        var result = RdbLoader.Load(reloaded, path);
        Assert.Equal(store.Count(), result.KeysLoaded);

        // The next save is unaffected by the leftover.
        RdbSnapshot.Save(store, path);
        Assert.Equal(store.Count(), RdbLoader.Load(new KeyStore(), path).KeysLoaded);
    }

    [Fact]
    public void TheTemporaryFile_IsInTheTargetsDirectory_SoTheRenameIsAtomic()
    {
        using var dir = new TempDirectory();
        Assert.Equal(dir.Path, Path.GetDirectoryName(AtomicFile.TempPath(dir.Path)));
    }
}
