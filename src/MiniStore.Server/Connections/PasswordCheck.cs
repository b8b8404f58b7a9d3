using System.Buffers;
using System.Security.Cryptography;
using MiniStore.Protocol;
using MiniStore.Server.Commands;
using MiniStore.Server.Security;

namespace MiniStore.Server.Connections;

/// <summary>What a PASS/AUTH/HELLO asked for, kept while the hash is computed off the request path.</summary>
internal sealed record PendingAuthentication(byte[] Candidate, WireFormat Format, CommandId Command, int RespVersion, string? ClientName);

/// <summary>A password on its way through the verifier's bounded Argon2id threads.</summary>
internal sealed class PasswordCheck(
    PendingAuthentication pending,
    Session session,
    PasswordVerifier verifier,
    Func<Session, PendingAuthentication, bool, IBufferWriter<byte>, CommandOutcome> complete) : Suspension
{
    private bool _valid;

    public override async Task WaitAsync(CancellationToken stopping) =>
        _valid = await verifier.VerifyAsync(pending.Candidate, stopping).ConfigureAwait(false);

    public override CommandOutcome Resume(IBufferWriter<byte> output) => complete(session, pending, _valid, output);

    public override void Abandon() => CryptographicOperations.ZeroMemory(pending.Candidate);
}
