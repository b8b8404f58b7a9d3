using System.Security.Cryptography;
using Isopoh.Cryptography.Argon2;

namespace MiniStore.Server.Security;

/// <summary>
/// Keeps only an Argon2id hash of the password (random 16-byte salt) and checks candidates against it in
/// constant time. Verification is CPU-heavy by design, so it runs on dedicated threads behind a gate the
/// size of the processor count: a flood of wrong PASS lines queues there instead of occupying the thread
/// pool that serves every other connection.
/// </summary>
public sealed class PasswordVerifier : IDisposable
{
    private readonly Argon2Parameters _parameters;
    private readonly byte[] _salt;
    private readonly byte[] _hash;
    private readonly SemaphoreSlim _gate = new(Environment.ProcessorCount, Environment.ProcessorCount);

    private PasswordVerifier(Argon2Parameters parameters, byte[] salt, byte[] hash)
    {
        _parameters = parameters;
        _salt = salt;
        _hash = hash;
    }

    /// <summary>
    /// Hashes <paramref name="password"/> and then zeroes it. Best effort: copies the runtime made
    /// earlier (the command-line string, the environment block) cannot be wiped.
    /// </summary>
    public static PasswordVerifier Create(byte[] password, Argon2Parameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        parameters ??= Argon2Parameters.Owasp;
        try
        {
            var salt = RandomNumberGenerator.GetBytes(16);
            return new PasswordVerifier(parameters, salt, ComputeHash(password, salt, parameters));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }
    }

    /// <summary>Checks a candidate; waits for a free slot first. The candidate array is zeroed afterwards.</summary>
    public async Task<bool> VerifyAsync(byte[] candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await Task.Factory.StartNew(
                    () => Verify(candidate),
                    cancellationToken,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    public bool Verify(ReadOnlySpan<byte> candidate)
    {
        var copy = candidate.ToArray();
        try
        {
            var hash = ComputeHash(copy, _salt, _parameters);
            return CryptographicOperations.FixedTimeEquals(hash, _hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public void Dispose() => _gate.Dispose();

    private static byte[] ComputeHash(byte[] password, byte[] salt, Argon2Parameters parameters)
    {
        var config = new Argon2Config
        {
            Type = Argon2Type.HybridAddressing,
            Version = Argon2Version.Nineteen,
            TimeCost = parameters.Iterations,
            MemoryCost = parameters.MemoryKiB,
            Lanes = parameters.Parallelism,
            Threads = parameters.Parallelism,
            Password = password,
            Salt = salt,
            HashLength = 32,
            ClearPassword = false,
        };
        using var argon2 = new Argon2(config);
        using var hash = argon2.Hash();
        return hash.Buffer.ToArray();
    }
}
