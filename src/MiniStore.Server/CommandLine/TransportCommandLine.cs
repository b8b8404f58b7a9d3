using System.CommandLine;
using MiniStore.Server.Transport;

namespace MiniStore.Server.CommandLine;

/// <summary>--transport and --io-threads: how bytes move between the sockets and the connections.</summary>
internal sealed class TransportCommandLine
{
    private const int MaxIoThreads = 64;

    private readonly Option<string> _transport = new("--transport")
    {
        Description = "epoll: MiniStore's own epoll loops read, execute and reply on one thread per request (Linux x86-64; "
            + "elsewhere sockets is used). sockets: Kestrel's socket transport.",
        DefaultValueFactory = _ => "epoll",
        HelpName = "epoll|sockets",
    };

    private readonly Option<int> _ioThreads = new("--io-threads")
    {
        Description = $"Epoll loops (I/O threads) of the epoll transport, 1-{MaxIoThreads}; connections are spread over them. Default: half the cores, at least 1.",
        DefaultValueFactory = _ => ServerSettings.DefaultIoThreads,
        HelpName = "count",
    };

    public IEnumerable<Option> Options => [_transport, _ioThreads];

    /// <summary>Applies the flags to <paramref name="settings"/>, or returns null and an error.</summary>
    public ServerSettings? Apply(ParseResult parse, ServerSettings settings, out string? error)
    {
        error = null;
        var name = parse.GetValue(_transport)?.Trim().ToLowerInvariant();
        TransportKind? kind = name switch
        {
            "epoll" => TransportKind.Epoll,
            "sockets" => TransportKind.Sockets,
            _ => null,
        };
        if (kind is null)
        {
            error = $"invalid --transport '{parse.GetValue(_transport)}': expected epoll or sockets";
            return null;
        }

        var threads = parse.GetValue(_ioThreads);
        if (threads is < 1 or > MaxIoThreads)
        {
            error = $"invalid --io-threads {threads}: expected 1-{MaxIoThreads}";
            return null;
        }

        return settings with { Transport = kind.Value, IoThreads = threads };
    }
}
