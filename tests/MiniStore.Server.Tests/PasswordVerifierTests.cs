using System.Text;
using MiniStore.Server.Security;

namespace MiniStore.Server.Tests;

/// <summary>The verifier's slow path (Argon2id behind a gate) and its fast path (a MAC of the accepted password).</summary>
public sealed class PasswordVerifierTests
{
    private const string Password = "right password";

    /// <summary>More candidates than the gate lets through at once, so most of them queue.</summary>
    private static readonly int Queued = (4 * PasswordVerifier.Concurrency) + 4;

    [Fact]
    public async Task Right_passwords_queued_behind_the_first_check_take_the_fast_path()
    {
        // What twemproxy does to a node whose first AUTH outlasts its timeout: it reconnects and sends AUTH again
        // while the first check still runs. Only the checks that got through the gate before the first success may
        // run Argon2id.
        using var verifier = PasswordVerifier.Create(Encoding.UTF8.GetBytes(Password), Argon2Parameters.Fast);
        var checks = Enumerable.Range(0, Queued).Select(_ => verifier.VerifyAsync(Encoding.UTF8.GetBytes(Password))).ToArray();

        Assert.All(await Task.WhenAll(checks), Assert.True);
        Assert.InRange(verifier.Argon2Verifications, 1, PasswordVerifier.Concurrency);
    }

    [Fact]
    public async Task Queued_wrong_passwords_still_run_Argon2id_each()
    {
        using var verifier = PasswordVerifier.Create(Encoding.UTF8.GetBytes(Password), Argon2Parameters.Fast);
        var right = Enumerable.Range(0, Queued).Select(_ => verifier.VerifyAsync(Encoding.UTF8.GetBytes(Password)));
        var wrong = Enumerable.Range(0, 3).Select(i => verifier.VerifyAsync(Encoding.UTF8.GetBytes(Password + i)));
        var results = await Task.WhenAll(right.Concat(wrong));

        Assert.Equal(Queued, results.Count(r => r));
        Assert.InRange(verifier.Argon2Verifications, 1 + 3, PasswordVerifier.Concurrency + 3);
    }

    [Fact]
    public async Task With_the_fast_path_off_every_queued_check_runs_Argon2id()
    {
        using var verifier = PasswordVerifier.Create(Encoding.UTF8.GetBytes(Password), Argon2Parameters.Fast, fastPath: false);
        var checks = Enumerable.Range(0, Queued).Select(_ => verifier.VerifyAsync(Encoding.UTF8.GetBytes(Password))).ToArray();

        Assert.All(await Task.WhenAll(checks), Assert.True);
        Assert.Equal(Queued, verifier.Argon2Verifications);
    }
}
