using System.Net;
using MiniStore.Protocol;
using MiniStore.Server.Diagnostics;

namespace MiniStore.Server.Connections;

/// <summary>The state of one connection: one TCP connection is one session (protocol.md A.3).</summary>
internal sealed class Session
{
    /// <summary>Redis's limits on a RESP frame from a client that has not authenticated.</summary>
    private const int PreAuthMaxArrayElements = 10;
    private const int PreAuthMaxBulkBytes = 16 * 1024;

    private static long _nextClientId;

    public Session(string id, EndPoint? remote)
    {
        Id = id;
        ClientId = Interlocked.Increment(ref _nextClientId);
        Remote = remote;
        Reader = new RequestReader(ServerSettings.PreAuthMaxRequestBytes)
        {
            MaxArrayElements = PreAuthMaxArrayElements,
            MaxBulkBytes = PreAuthMaxBulkBytes,
        };
    }

    public string Id { get; }

    /// <summary>CLIENT ID / HELLO's id: a number, unique for the life of the process.</summary>
    public long ClientId { get; }

    public EndPoint? Remote { get; }

    public RequestReader Reader { get; }

    public bool IsAuthenticated { get; private set; }

    public int FailedAuthAttempts { get; set; }

    /// <summary>2 or 3; HELLO 3 switches RESP replies to RESP3 for the rest of the connection.</summary>
    public int RespVersion { get; set; } = 2;

    public string? ClientName { get; set; }

    /// <summary>A password waiting for verification, owned (and zeroed) by the verifier.</summary>
    public PendingAuthentication? PendingAuthentication { get; set; }

    public SessionCounters Counters;

    public void Authenticate(int maxRequestBytes)
    {
        IsAuthenticated = true;
        Reader.MaxRequestBytes = maxRequestBytes;
        Reader.MaxArrayElements = int.MaxValue;
        Reader.MaxBulkBytes = maxRequestBytes;
    }
}

/// <summary>What a PASS/AUTH/HELLO asked for, kept while the hash is computed off the request path.</summary>
internal sealed record PendingAuthentication(byte[] Candidate, WireFormat Format, CommandId Command, int RespVersion, string? ClientName);
