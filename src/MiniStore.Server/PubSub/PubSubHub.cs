using System.Buffers;
using MiniStore.Core;
using MiniStore.Protocol;
using MiniStore.Server.Connections;

namespace MiniStore.Server.PubSub;

/// <summary>
/// The server's channels and patterns and who listens to them. A publish takes one short lock to find the channel's
/// subscribers (an immutable array, replaced whenever it changes) and reads the pattern snapshot without one; then,
/// holding no lock, it appends the message to each receiver's <see cref="Outbox"/>. A receiver past its output limit
/// is closed; the publisher never waits for it.
/// </summary>
internal sealed class PubSubHub(ServerSettings settings, TimeProvider time)
{
    // A soft limit at or above the hard one could never act.
    private readonly OutboxSoftLimit? _softLimit =
        settings.PubSubOutputSoftLimitBytes is > 0 and var soft && soft < settings.PubSubOutputLimitBytes
            ? new OutboxSoftLimit(soft, settings.PubSubOutputSoftLimitTime, time)
            : null;

    private readonly Lock _gate = new();
    private readonly Dictionary<byte[], Session[]> _channels = new(ByteKeyComparer.Instance);
    private PatternSubscribers[] _patterns = [];

    /// <summary>Whom a pattern reaches.</summary>
    private sealed record PatternSubscribers(byte[] Pattern, Session[] Sessions);

    /// <summary>The connection's subscriptions, creating them (and its outbox) on its first subscription.</summary>
    private Subscriptions StateOf(Session session)
    {
        if (session.Subscriptions is { } existing)
        {
            return existing;
        }

        session.OpenOutbox(settings.PubSubOutputLimitBytes, _softLimit);
        return session.Subscriptions = new Subscriptions();
    }

    /// <summary>Subscribes <paramref name="session"/> to <paramref name="channel"/>; its subscription count after.</summary>
    public int Subscribe(Session session, ReadOnlySpan<byte> channel)
    {
        var state = StateOf(session);
        var name = channel.ToArray();
        if (state.Channels.Add(name))
        {
            lock (_gate)
            {
                _channels[name] = _channels.TryGetValue(name, out var sessions) ? [.. sessions, session] : [session];
            }
        }

        return state.Count;
    }

    public int Unsubscribe(Session session, ReadOnlySpan<byte> channel)
    {
        if (session.Subscriptions is not { } state)
        {
            return 0;
        }

        var name = channel.ToArray();
        if (state.Channels.Remove(name))
        {
            lock (_gate)
            {
                RemoveChannelSubscriber(name, session);
            }
        }

        return state.Count;
    }

    public int PSubscribe(Session session, ReadOnlySpan<byte> pattern)
    {
        var state = StateOf(session);
        var name = pattern.ToArray();
        if (state.Patterns.Add(name))
        {
            lock (_gate)
            {
                var patterns = _patterns;
                var index = Array.FindIndex(patterns, p => p.Pattern.AsSpan().SequenceEqual(name));
                Volatile.Write(ref _patterns, index < 0
                    ? [.. patterns, new PatternSubscribers(name, [session])]
                    : [.. patterns[..index], patterns[index] with { Sessions = [.. patterns[index].Sessions, session] }, .. patterns[(index + 1)..]]);
            }
        }

        return state.Count;
    }

    public int PUnsubscribe(Session session, ReadOnlySpan<byte> pattern)
    {
        if (session.Subscriptions is not { } state)
        {
            return 0;
        }

        var name = pattern.ToArray();
        if (state.Patterns.Remove(name))
        {
            lock (_gate)
            {
                RemovePatternSubscriber(name, session);
            }
        }

        return state.Count;
    }

    /// <summary>Drops every subscription of a connection that is closing.</summary>
    public void RemoveAll(Session session)
    {
        if (session.Subscriptions is not { } state)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var channel in state.Channels)
            {
                RemoveChannelSubscriber(channel, session);
            }

            foreach (var pattern in state.Patterns)
            {
                RemovePatternSubscriber(pattern, session);
            }
        }

        state.Channels.Clear();
        state.Patterns.Clear();
    }

    private void RemoveChannelSubscriber(byte[] channel, Session session)
    {
        if (!_channels.TryGetValue(channel, out var sessions))
        {
            return;
        }

        var rest = Array.FindAll(sessions, s => s != session);
        if (rest.Length == 0)
        {
            _channels.Remove(channel);
        }
        else
        {
            _channels[channel] = rest;
        }
    }

    private void RemovePatternSubscriber(byte[] pattern, Session session)
    {
        var patterns = _patterns;
        var index = Array.FindIndex(patterns, p => p.Pattern.AsSpan().SequenceEqual(pattern));
        if (index < 0)
        {
            return;
        }

        var rest = Array.FindAll(patterns[index].Sessions, s => s != session);
        Volatile.Write(ref _patterns, rest.Length == 0
            ? [.. patterns[..index], .. patterns[(index + 1)..]]
            : [.. patterns[..index], patterns[index] with { Sessions = rest }, .. patterns[(index + 1)..]]);
    }

    /// <summary>PUBLISH: delivers <paramref name="payload"/> to every subscriber of the channel and of each matching pattern; how many received it.</summary>
    public int Publish(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> payload)
    {
        Session[]? direct;
        lock (_gate)
        {
            _channels.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out direct);
        }

        var patterns = Volatile.Read(ref _patterns);
        var receivers = 0;
        if (direct is not null)
        {
            var message = new Encodings("message"u8, default, channel, payload);
            foreach (var session in direct)
            {
                receivers += Deliver(session, ref message) ? 1 : 0;
            }
        }

        foreach (var entry in patterns)
        {
            if (!GlobPattern.IsMatch(entry.Pattern, channel))
            {
                continue;
            }

            var message = new Encodings("pmessage"u8, entry.Pattern, channel, payload);
            foreach (var session in entry.Sessions)
            {
                receivers += Deliver(session, ref message) ? 1 : 0;
            }
        }

        return receivers;
    }

    private bool Deliver(Session session, ref Encodings message)
    {
        if (session.IsKilled || session.Outbox is not { } outbox)
        {
            return false;
        }

        if (outbox.TryAppend(message.For(session), default, default))
        {
            return true;
        }

        session.Kill("pub/sub output over its limit");
        Evict(session);
        return false;
    }

    /// <summary>
    /// Takes a connection that is being closed out of the registry at once, from the publisher's thread: its own
    /// sets stay for its loop, whose <see cref="RemoveAll"/> then finds nothing left to remove.
    /// </summary>
    private void Evict(Session session)
    {
        lock (_gate)
        {
            foreach (var channel in _channels.Where(c => Array.IndexOf(c.Value, session) >= 0).Select(c => c.Key).ToArray())
            {
                RemoveChannelSubscriber(channel, session);
            }

            foreach (var pattern in Volatile.Read(ref _patterns).Where(p => Array.IndexOf(p.Sessions, session) >= 0).Select(p => p.Pattern).ToArray())
            {
                RemovePatternSubscriber(pattern, session);
            }
        }
    }

    /// <summary>PUBSUB CHANNELS: the channels with a subscriber, those matching <paramref name="pattern"/> if given.</summary>
    public List<byte[]> ActiveChannels(ReadOnlySpan<byte> pattern, bool all)
    {
        byte[][] names;
        lock (_gate)
        {
            names = [.. _channels.Keys];
        }

        var result = new List<byte[]>(names.Length);
        foreach (var name in names)
        {
            if (all || GlobPattern.IsMatch(pattern, name))
            {
                result.Add(name);
            }
        }

        return result;
    }

    /// <summary>PUBSUB NUMSUB: subscribers of one channel (pattern subscriptions not counted).</summary>
    public int SubscriberCount(ReadOnlySpan<byte> channel)
    {
        lock (_gate)
        {
            return _channels.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out var sessions) ? sessions.Length : 0;
        }
    }

    /// <summary>PUBSUB NUMPAT: distinct patterns with a subscriber.</summary>
    public int PatternCount => Volatile.Read(ref _patterns).Length;

    /// <summary>Channels with a subscriber (INFO's pubsub_channels).</summary>
    public int ChannelCount
    {
        get
        {
            lock (_gate)
            {
                return _channels.Count;
            }
        }
    }

    /// <summary>A message's bytes in each wire shape, each made on first need and then shared by every receiver.</summary>
    private ref struct Encodings(ReadOnlySpan<byte> kind, ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> payload)
    {
        private readonly ReadOnlySpan<byte> _kind = kind;
        private readonly ReadOnlySpan<byte> _pattern = pattern;
        private readonly ReadOnlySpan<byte> _channel = channel;
        private readonly ReadOnlySpan<byte> _payload = payload;
        private byte[]? _resp2;
        private byte[]? _resp3;
        private byte[]? _line;

        public byte[] For(Session session)
        {
            if (!session.IsResp)
            {
                return _line ??= Encode(WireFormat.Line, 2);
            }

            return session.RespVersion == 3 ? _resp3 ??= Encode(WireFormat.Resp, 3) : _resp2 ??= Encode(WireFormat.Resp, 2);
        }

        private readonly byte[] Encode(WireFormat format, int respVersion)
        {
            var buffer = new ArrayBufferWriter<byte>(32 + _channel.Length + _payload.Length + _pattern.Length);
            var isPattern = _kind.Length == "pmessage".Length;
            PubSubFrames.Header(buffer, format, respVersion, isPattern ? 4 : 3);
            var reply = new ReplyWriter(buffer, format, respVersion);
            reply.Value(_kind);
            if (isPattern)
            {
                reply.Value(_pattern);
            }

            reply.Value(_channel);
            reply.Value(_payload);
            return buffer.WrittenSpan.ToArray();
        }
    }
}
