namespace MiniStore.Fuzz.Tests;

/// <summary>The fuzz inputs kept in the repository: seed corpora (fuzz/corpus) and crash regressions (fuzz/regressions).</summary>
internal static class Corpus
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<byte[]> Files(string folder, string target)
    {
        var directory = Path.Combine(Root, "fuzz", folder, target);
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)
            : [];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MiniStore.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MiniStore.sln not found above the test's folder");
    }
}
