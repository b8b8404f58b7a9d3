using System.CommandLine;

namespace MiniStore.Server.CommandLine;

/// <summary>The client limits operators expect from Redis: maxclients, timeout, and a deadline to authenticate.</summary>
internal sealed class LimitsCommandLine
{
    private readonly Option<long> _maxClients = new("--maxclients")
    {
        Description = "Most clients connected at once; one more is told 'max number of clients reached' and closed.",
        DefaultValueFactory = _ => ServerSettings.DefaultMaxClients,
        HelpName = "count",
    };

    private readonly Option<long> _timeout = new("--timeout")
    {
        Description = "Close an authenticated client idle for this many seconds (not subscribers or MONITOR); 0 = never.",
        DefaultValueFactory = _ => 0,
        HelpName = "seconds",
    };

    private readonly Option<long> _authTimeout = new("--auth-timeout")
    {
        Description = "Close a connection that has not authenticated within this many seconds; 0 = never.",
        DefaultValueFactory = _ => (long)ServerSettings.DefaultAuthTimeout.TotalSeconds,
        HelpName = "seconds",
    };

    public IEnumerable<Option> Options => [_maxClients, _timeout, _authTimeout];

    /// <summary>Applies the flags to <paramref name="settings"/>, or returns null and an error.</summary>
    public ServerSettings? Apply(ParseResult parse, ServerSettings settings, out string? error)
    {
        error = null;
        var maxClients = parse.GetValue(_maxClients);
        var timeout = parse.GetValue(_timeout);
        var authTimeout = parse.GetValue(_authTimeout);
        if (maxClients is < 1 or > int.MaxValue)
        {
            error = $"invalid --maxclients {maxClients}: expected 1 to {int.MaxValue}";
        }
        else if (timeout is < 0 or > int.MaxValue)
        {
            error = $"invalid --timeout {timeout}: expected seconds from 0 (never) to {int.MaxValue}";
        }
        else if (authTimeout is < 0 or > int.MaxValue)
        {
            error = $"invalid --auth-timeout {authTimeout}: expected seconds from 0 (never) to {int.MaxValue}";
        }

        return error is not null ? null : settings with
        {
            MaxClients = (int)maxClients,
            IdleTimeout = TimeSpan.FromSeconds(timeout),
            AuthTimeout = TimeSpan.FromSeconds(authTimeout),
        };
    }
}
