namespace MiniStore.Server.Security;

/// <summary>
/// Argon2id cost parameters. The default is OWASP's first recommendation for Argon2id
/// (m = 19 MiB, t = 2, p = 1): about 20–60 ms per verification on one core of this class of machine.
/// </summary>
public sealed record Argon2Parameters(int MemoryKiB, int Iterations, int Parallelism)
{
    public static Argon2Parameters Owasp { get; } = new(19 * 1024, 2, 1);

    /// <summary>Deliberately weak: for tests that authenticate many times and are not about the hash.</summary>
    public static Argon2Parameters Fast { get; } = new(256, 1, 1);
}
