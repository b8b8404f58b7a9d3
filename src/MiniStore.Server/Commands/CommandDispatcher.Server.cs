using System.Globalization;
using System.Text;
using MiniStore.Core;
using MiniStore.Persistence;
using MiniStore.Protocol;
using MiniStore.Server.CommandLine;
using MiniStore.Server.Connections;

namespace MiniStore.Server.Commands;

/// <summary>Server commands: DBSIZE, INFO, FLUSHALL, FLUSHDB, TIME, MONITOR, CONFIG GET|SET|RESETSTAT.</summary>
internal sealed partial class CommandDispatcher
{
    [Handles(CommandId.DbSize)]
    private CommandOutcome DbSize(in CommandContext c)
    {
        c.Reply.Integer(store.Count());
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.FlushAll, CommandId.FlushDb)]
    private CommandOutcome FlushAll(in CommandContext c)
    {
        // Redis accepts ASYNC|SYNC; both mean the same here (flushing is always done before replying).
        var request = c.Request;
        if (request.ArgumentCount > 1 || (request.ArgumentCount == 1 && !IsWord(request[0], "ASYNC"u8) && !IsWord(request[0], "SYNC"u8)))
        {
            ErrorReplies.Syntax(c.Reply, request.Format);
            return CommandOutcome.Continue;
        }

        watches.TouchExisting(store);
        store.FlushAll();
        c.Reply.Ok();
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Info)]
    private CommandOutcome Info(in CommandContext c)
    {
        // Counters normally reach the shared totals once per batch; INFO must include this batch's.
        metrics.AddBatch(c.Session.Counters);
        c.Session.Counters.Reset();
        if (c.Format == WireFormat.Line)
        {
            c.Reply.Status(Encoding.ASCII.GetBytes(info.Line()));
            return CommandOutcome.Continue;
        }

        var sections = new string[c.Request.ArgumentCount];
        for (var i = 0; i < sections.Length; i++)
        {
            sections[i] = Encoding.ASCII.GetString(c.Request[i]);
        }

        c.Reply.Value(Encoding.UTF8.GetBytes(info.Resp(sections)));
        return CommandOutcome.Continue;
    }

    private static readonly string[] ConfigNames =
        ["maxmemory", "maxmemory-policy", "proto-max-bulk-len", "max-request-bytes", "port", "bind", "save", "appendonly", "databases", "timeout", "tls-port", "maxclients", "dir", "dbfilename"];

    /// <summary>
    /// What CONFIG SET may change. max-request-bytes is not among them: the transport's read buffer is sized from it at
    /// start, and a line longer than that buffer would stall instead of being refused.
    /// </summary>
    private static readonly string[] SettableNames = ["maxmemory", "maxmemory-policy", "proto-max-bulk-len", "maxclients", "timeout", "save", "dir", "dbfilename"];

    /// <summary>TIME: Unix seconds and microseconds, as two bulk strings.</summary>
    [Handles(CommandId.Time)]
    private CommandOutcome Time(in CommandContext c)
    {
        var reply = c.Reply;
        var now = metrics.Time.GetUtcNow();
        var micros = now.ToUnixTimeMilliseconds() * 1000 + (now.Ticks / 10 % 1000);
        reply.ArrayHeader(2);
        reply.Value(Encoding.ASCII.GetBytes((micros / 1_000_000).ToString(CultureInfo.InvariantCulture)));
        reply.Value(Encoding.ASCII.GetBytes((micros % 1_000_000).ToString(CultureInfo.InvariantCulture)));
        return CommandOutcome.Continue;
    }

    /// <summary>MONITOR: OK, then every command any client runs, through this connection's outbox.</summary>
    [Handles(CommandId.Monitor)]
    private CommandOutcome Monitor(in CommandContext c)
    {
        var session = c.Session;
        var reply = c.Reply;
        if (!session.IsMonitor)
        {
            session.OpenOutbox(settings.MonitorOutputLimitBytes);
            session.IsMonitor = true;
            monitors.Add(session);
        }

        reply.Ok();
        return CommandOutcome.Continue;
    }

    [Handles(CommandId.Config)]
    private CommandOutcome Config(in CommandContext c)
    {
        ConfigCommand(c.Request, c.Session, c.Reply);
        return CommandOutcome.Continue;
    }

    private void ConfigCommand(in Request request, Session session, ReplyWriter reply)
    {
        var spec = CommandTable.Get(CommandId.Config).FindSubcommand(request[0]);
        if (spec is null)
        {
            ErrorReplies.UnknownSubcommand(reply, request.Format, "CONFIG", request[0]);
            return;
        }

        session.LastCommand = spec.FullName;
        var pairs = request.ArgumentCount - 1;
        if (spec.Name == "set" && pairs >= 1 && pairs % 2 == 1 && request.Format != WireFormat.Line)
        {
            // Redis names the first parameter of an odd-length CONFIG SET.
            reply.Error(Encoding.UTF8.GetBytes($"ERR Unknown option or number of arguments for CONFIG SET - '{Encoding.ASCII.GetString(request[1])}'"));
            return;
        }

        if (!spec.AcceptsArgumentCount(request.ArgumentCount) || (spec.Name == "set" && pairs % 2 == 1))
        {
            ErrorReplies.WrongSubcommandArity(reply, request.Format, "config", spec.Name);
            return;
        }

        switch (spec.Name)
        {
            case "get":
                ConfigGet(request, reply);
                break;
            case "set":
                ConfigSet(request, reply);
                break;
            default:
                metrics.ResetStats();
                store.ResetStats();
                reply.Ok();
                break;
        }
    }

    private void ConfigGet(in Request request, ReplyWriter reply)
    {
        var stats = store.GetStats();
        var matches = new List<(string Name, string Value)>();
        foreach (var name in ConfigNames)
        {
            for (var i = 1; i < request.ArgumentCount; i++)
            {
                if (GlobMatches(Encoding.ASCII.GetString(request[i]).ToLowerInvariant(), name))
                {
                    matches.Add((name, ConfigValue(name, stats)));
                    break;
                }
            }
        }

        reply.MapHeader(matches.Count);
        foreach (var (name, value) in matches)
        {
            reply.Value(Encoding.ASCII.GetBytes(name));
            reply.Value(Encoding.UTF8.GetBytes(value));
        }
    }

    private string ConfigValue(string name, StoreStats stats) => name switch
    {
        "maxmemory" => stats.MaxBytes.ToString(CultureInfo.InvariantCulture),
        "maxmemory-policy" => stats.Policy.ToName(),
        "proto-max-bulk-len" => config.ProtoMaxBulkLen.ToString(CultureInfo.InvariantCulture),
        "max-request-bytes" => config.MaxRequestBytes.ToString(CultureInfo.InvariantCulture),
        "port" => port.Value.ToString(CultureInfo.InvariantCulture),
        "bind" => settings.Bind.ToString(),
        "save" => SaveRule.Format(snapshots.Settings.Rules),
        "dir" => Path.GetFullPath(snapshots.Settings.Directory),
        "dbfilename" => snapshots.Settings.FileName,
        "appendonly" => "no",
        "databases" => "1",
        "tls-port" => port.Tls.ToString(CultureInfo.InvariantCulture),
        "maxclients" => config.MaxClients.ToString(CultureInfo.InvariantCulture),
        "timeout" => config.IdleTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        _ => "0",
    };

    /// <summary>
    /// CONFIG SET name value [name value ...]: every pair is validated before any is applied, so a bad pair changes
    /// nothing (as in Redis 7). Changes apply live: the memory cap at once (evicting down to it), limits from each
    /// connection's next batch.
    /// </summary>
    private void ConfigSet(in Request request, ReplyWriter reply)
    {
        var maxMemory = store.MaxMemoryBytes;
        var policy = store.EvictionPolicy;
        int? bulk = null;
        int? maxClients = null;
        long? idleTimeout = null;
        IReadOnlyList<SaveRule>? rules = null;
        var seen = new HashSet<string>();
        for (var i = 1; i < request.ArgumentCount; i += 2)
        {
            var name = Encoding.ASCII.GetString(request[i]).ToLowerInvariant();
            var value = Encoding.UTF8.GetString(request[i + 1]);
            if (!SettableNames.Contains(name))
            {
                reply.Error(Encoding.UTF8.GetBytes(request.Format == WireFormat.Line
                    ? $"ERR: unknown option '{name}'"
                    : $"ERR Unknown option or number of arguments for CONFIG SET - '{name}'"));
                return;
            }

            string? problem = null;
            if (!seen.Add(name))
            {
                problem = "duplicate parameter";
            }
            else if (name == "maxmemory")
            {
                problem = ByteSize.TryParse(value, out maxMemory) ? null : "argument must be a memory value";
            }
            else if (name is "dir" or "dbfilename")
            {
                // As redis-server 7.0 with its default enable-protected-configs no: where the file goes is set at start only.
                problem = "can't set protected config";
            }
            else if (name == "save")
            {
                problem = SaveRule.TryParseList(value, out var parsedRules, out _) ? null : "Invalid save parameters";
                rules = parsedRules;
            }
            else if (name == "maxmemory-policy")
            {
                problem = EvictionPolicyNames.TryParse(value, out policy)
                    ? null
                    : "argument(s) must be one of the following: noeviction, allkeys-lru, allkeys-random, volatile-ttl";
            }
            else if (name == "maxclients")
            {
                problem = !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var clients)
                    ? "argument couldn't be parsed into an integer"
                    : clients is < 1 or > uint.MaxValue ? "argument must be between 1 and 4294967295 inclusive" : null;
                maxClients = (int)Math.Clamp(clients, 1, int.MaxValue);
                if (problem is null && Hosting.FileDescriptorLimit.For(maxClients.Value) is { } fit && fit.MaxClients < maxClients)
                {
                    // As Redis: raised toward what it needs, or refused with what would fit.
                    problem = $"The operating system is not able to handle the specified number of clients, try with {fit.MaxClients}";
                }
            }
            else if (name == "timeout")
            {
                problem = !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                    ? "argument couldn't be parsed into an integer"
                    : seconds is < 0 or > int.MaxValue ? "argument must be between 0 and 2147483647 inclusive" : null;
                idleTimeout = seconds;
            }
            else
            {
                problem = ByteSize.TryParse(value, out var parsed) && parsed is >= 1024 * 1024 and <= ServerSettings.DefaultProtoMaxBulkLen
                    ? null
                    : "argument must be a memory value between 1048576 and 536870912";
                bulk = (int)Math.Clamp(parsed, 0, int.MaxValue);
            }

            if (problem is not null)
            {
                reply.Error(Encoding.UTF8.GetBytes(request.Format == WireFormat.Line
                    ? $"ERR: CONFIG SET failed for '{name}': {problem}"
                    : $"ERR CONFIG SET failed (possibly related to argument '{name}') - {problem}"));
                return;
            }
        }

        store.Configure(maxMemory, policy);
        if (rules is not null)
        {
            snapshots.Settings = snapshots.Settings with { Rules = rules };
        }

        if (bulk is { } newBulk)
        {
            config.SetProtoMaxBulkLen(newBulk);
        }

        if (maxClients is { } newMaxClients)
        {
            config.SetMaxClients(newMaxClients);
        }

        if (idleTimeout is { } newTimeout)
        {
            config.SetIdleTimeoutSeconds(newTimeout);
        }

        reply.Ok();
    }

    /// <summary>The subset of Redis glob patterns CONFIG GET needs: '*' and '?'.</summary>
    private static bool GlobMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        if (pattern.IsEmpty)
        {
            return text.IsEmpty;
        }

        if (pattern[0] == '*')
        {
            for (var i = 0; i <= text.Length; i++)
            {
                if (GlobMatches(pattern[1..], text[i..]))
                {
                    return true;
                }
            }

            return false;
        }

        return !text.IsEmpty && (pattern[0] == '?' || pattern[0] == text[0]) && GlobMatches(pattern[1..], text[1..]);
    }

}
