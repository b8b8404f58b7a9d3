using System.Collections.Concurrent;

namespace MiniStore.Server.Connections;

/// <summary>Every open connection, by client id: what CLIENT LIST shows and CLIENT KILL picks from.</summary>
internal sealed class ClientRegistry
{
    private readonly ConcurrentDictionary<long, Session> _sessions = new();

    public void Add(Session session) => _sessions[session.ClientId] = session;

    public void Remove(Session session) => _sessions.TryRemove(session.ClientId, out _);

    /// <summary>The open client with this id, or null.</summary>
    public Session? Find(long clientId) => _sessions.TryGetValue(clientId, out var session) && !session.IsKilled ? session : null;

    /// <summary>A snapshot of the clients not being killed, oldest first (as Redis lists them).</summary>
    public List<Session> Snapshot()
    {
        var sessions = _sessions.Values.Where(s => !s.IsKilled).ToList();
        sessions.Sort(static (a, b) => a.ClientId.CompareTo(b.ClientId));
        return sessions;
    }
}
