using System.Diagnostics;
using System.Security.Cryptography;
using Isopoh.Cryptography.Argon2;

namespace MiniStore.Server.Security;

/// <summary>
/// Keeps only an Argon2id hash of the password (random 16-byte salt) and checks candidates against it in
/// constant time. Verification is CPU-heavy by design, so it runs on dedicated threads behind a gate of half the
/// processor count: a flood of wrong PASS lines queues there instead of occupying the thread pool and the cores
/// that serve every other connection.
/// </summary>
/// <remarks>
/// The fast path: once a candidate has passed Argon2id, an HMAC-SHA256 of it under a random per-process key is
/// remembered, and a later candidate whose MAC matches (compared in constant time) is accepted without Argon2id, so
/// short-lived clients pay a microsecond instead of ~100 ms per AUTH. A candidate that does not match always takes the
/// Argon2id path, so guessing stays as slow as before. The trade-off (README, security notes): after the first
/// success, a memory image of the process allows fast offline guessing against the MAC, as Redis's SHA-256 ACL
/// hashes do. Neither the plaintext nor an unkeyed hash is kept.
/// </remarks>
public sealed class PasswordVerifier : IDisposable
{
    private const int MacLength = 32;

    private readonly Argon2Parameters _parameters;
    private readonly byte[] _salt;
    private readonly byte[] _hash;
    private readonly byte[]? _macKey;
    /// <summary>
    /// Argon2id checks that may run at once: half the cores, at least one. A flood of wrong passwords can then take at
    /// most half the machine; the other half keeps serving authenticated clients.
    /// </summary>
    internal static readonly int Concurrency = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>After a wrong password its slot rests this many times as long as the check took (README, security notes).</summary>
    public const int RestFactor = 4;

    private readonly SemaphoreSlim _gate = new(Concurrency, Concurrency);
    private byte[]? _acceptedMac;
    private long _argon2Verifications;

    private PasswordVerifier(Argon2Parameters parameters, byte[] salt, byte[] hash, bool fastPath)
    {
        _parameters = parameters;
        _salt = salt;
        _hash = hash;
        _macKey = fastPath ? RandomNumberGenerator.GetBytes(MacLength) : null;
    }

    /// <summary>Argon2id verifications run so far (the seam tests count the fast path through).</summary>
    public long Argon2Verifications => Volatile.Read(ref _argon2Verifications);

    public bool FastPathEnabled => _macKey is not null;

    /// <summary>
    /// Hashes <paramref name="password"/> and then zeroes it. Best effort: copies the runtime made
    /// earlier (the command-line string, the environment block) cannot be wiped.
    /// </summary>
    public static PasswordVerifier Create(byte[] password, Argon2Parameters? parameters = null, bool fastPath = true)
    {
        ArgumentNullException.ThrowIfNull(password);
        parameters ??= Argon2Parameters.Owasp;
        try
        {
            var salt = RandomNumberGenerator.GetBytes(16);
            return new PasswordVerifier(parameters, salt, ComputeHash(password, salt, parameters), fastPath);
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
                // Checked again once through the gate: many connections that sent the right password before any had
                // passed Argon2id (a pool opening at start, or twemproxy reconnecting after its request timeout hit a
                // node's first AUTH) queue here, and once the first has passed the rest need not each run Argon2id in
                // turn. Otherwise the queue outlives the proxy's timeout, which times out the next AUTH, and so on.
                if (TryAcceptKnown(candidate))
                {
                    return true;
                }

                var started = Stopwatch.GetTimestamp();
                var valid = await Task.Factory.StartNew(
                    () => Verify(candidate),
                    cancellationToken,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default).ConfigureAwait(false);
                if (!valid)
                {
                    // The slot rests after a wrong password, so wrong-password checks use at most 1/(1 + RestFactor) of
                    // the slots' time, whatever the flood: the cores stay with authenticated clients (whose password,
                    // once known, takes the fast path and never queues here), and online guessing is throttled
                    // server-wide. Measured, not fixed, so a cheap test configuration rests as little.
                    await Task.Delay(Stopwatch.GetElapsedTime(started) * RestFactor, cancellationToken).ConfigureAwait(false);
                }

                return valid;
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

    /// <summary>
    /// The fast path: true when <paramref name="candidate"/> is the password that already passed Argon2id. False means
    /// "not known", never "wrong": the caller then runs <see cref="VerifyAsync"/>.
    /// </summary>
    public bool TryAcceptKnown(ReadOnlySpan<byte> candidate)
    {
        var accepted = Volatile.Read(ref _acceptedMac);
        if (accepted is null)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_macKey, candidate, mac);
        var known = CryptographicOperations.FixedTimeEquals(mac, accepted);
        CryptographicOperations.ZeroMemory(mac);
        return known;
    }

    public bool Verify(ReadOnlySpan<byte> candidate)
    {
        var copy = candidate.ToArray();
        try
        {
            Interlocked.Increment(ref _argon2Verifications);
            var hash = ComputeHash(copy, _salt, _parameters);
            var valid = CryptographicOperations.FixedTimeEquals(hash, _hash);
            if (valid && _macKey is not null && Volatile.Read(ref _acceptedMac) is null)
            {
                Volatile.Write(ref _acceptedMac, HMACSHA256.HashData(_macKey, copy));
            }

            return valid;
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
