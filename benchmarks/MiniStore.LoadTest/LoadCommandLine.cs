using System.CommandLine;
using System.Globalization;
using MiniStore.Client;
using MiniStore.Protocol;

namespace MiniStore.LoadTest;

/// <summary>The generator's flags (redis-benchmark's where they exist), turned into <see cref="LoadOptions"/> or one error line.</summary>
public sealed class LoadCommandLine
{
    public const string PasswordVariable = "MINISTORE_PASSWORD";

    private static readonly Dictionary<string, LoadTestKind> TestNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ping"] = LoadTestKind.Ping,
        ["set"] = LoadTestKind.Set,
        ["get"] = LoadTestKind.Get,
        ["mixed"] = LoadTestKind.Mixed,
        ["getex"] = LoadTestKind.GetEx,
        ["del"] = LoadTestKind.Del,
    };

    private readonly Option<string> _host = new("--host", "-h") { Description = "Server host.", DefaultValueFactory = _ => "127.0.0.1" };
    private readonly Option<int> _port = new("--port", "-p") { Description = "Server port.", DefaultValueFactory = _ => 8080 };
    private readonly Option<string?> _password = new("--password", "-a") { Description = "Password (PASS / AUTH); safer in " + PasswordVariable + ", which other users cannot read in ps." };
    private readonly Option<int> _connections = new("--connections", "-c") { Description = "Parallel connections.", DefaultValueFactory = _ => 50 };
    private readonly Option<long> _requests = new("--requests", "-n") { Description = "Requests per test.", DefaultValueFactory = _ => 100_000 };
    private readonly Option<double?> _duration = new("--duration", "-d") { Description = "Seconds per test, instead of -n.", HelpName = "seconds" };
    private readonly Option<int> _pipeline = new("--pipeline", "-P") { Description = "Requests in flight per connection: sent together, then their replies awaited.", DefaultValueFactory = _ => 1 };
    private readonly Option<string> _tests = new("--tests", "-t") { Description = "Comma-separated tests: ping, set, get, mixed, getex, del.", DefaultValueFactory = _ => "set,get" };
    private readonly Option<string> _ratio = new("--ratio") { Description = "SET:GET ratio of the mixed test.", DefaultValueFactory = _ => "1:10" };
    private readonly Option<int> _keyspace = new("--keyspace", "-r") { Description = "Number of distinct keys.", DefaultValueFactory = _ => 100_000 };
    private readonly Option<bool> _random = new("--random") { Description = "Random keys instead of walking the keyspace in order." };
    private readonly Option<int> _valueSize = new("--value-size") { Description = "Bytes per value.", DefaultValueFactory = _ => 3, HelpName = "bytes" };
    private readonly Option<int?> _ttl = new("--ttl") { Description = "EX seconds on every SET (and GETEX).", HelpName = "seconds" };
    private readonly Option<double?> _rate = new("--rate") { Description = "Requests per second across all connections (a steady rate for soak tests); unset: as fast as the server answers.", HelpName = "per-second" };
    private readonly Option<long> _warmup = new("--warmup") { Description = "Requests run and checked before each test is measured.", DefaultValueFactory = _ => 10_000 };
    private readonly Option<string> _protocol = new("--protocol") { Description = "line or resp.", DefaultValueFactory = _ => "line" };
    private readonly Option<bool> _json = new("--json") { Description = "Print the report as JSON." };
    private readonly Option<bool> _tls = new("--tls") { Description = "Connect with TLS (the server's --tls-port)." };
    private readonly Option<string?> _caCert = new("--cacert") { Description = "CA certificate(s), PEM, to trust instead of the system's store.", HelpName = "file" };
    private readonly Option<string?> _cert = new("--cert") { Description = "Client certificate, PEM, for a server that requires one.", HelpName = "file" };
    private readonly Option<string?> _key = new("--key") { Description = "The client certificate's private key, PEM.", HelpName = "file" };

    public LoadCommandLine()
    {
        Root = new RootCommand("MiniStore load generator: pipelined connections, every reply checked, HdrHistogram latency percentiles.")
        {
            _host, _port, _password, _connections, _requests, _duration, _pipeline, _tests, _ratio, _keyspace, _random,
            _valueSize, _ttl, _rate, _warmup, _protocol, _json,
        };
        foreach (var option in new Option[] { _tls, _caCert, _cert, _key })
        {
            Root.Options.Add(option);
        }

        // -h is the host, as in redis-benchmark; help stays on --help and -?.
        var help = Root.Options.OfType<System.CommandLine.Help.HelpOption>().Single();
        Root.Options.Remove(help);
        Root.Options.Add(new System.CommandLine.Help.HelpOption("--help", "-?"));
    }

    public RootCommand Root { get; }

    public bool Json(ParseResult parse) => parse?.GetValue(_json) ?? false;

    /// <summary>Validates a parse without syntax errors; null and <paramref name="error"/> on bad values.</summary>
    public LoadOptions? Bind(ParseResult parse, Func<string, string?> environment, out string? error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        error = Check(parse);
        if (error is not null)
        {
            return null;
        }

        var tests = new List<LoadTestKind>();
        foreach (var name in parse.GetValue(_tests)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TestNames.TryGetValue(name, out var kind))
            {
                error = $"unknown test '{name}': expected ping, set, get, mixed, getex or del";
                return null;
            }

            tests.Add(kind);
        }

        if (tests.Count == 0)
        {
            error = "no test given: -t set,get for example";
            return null;
        }

        if (!TryParseRatio(parse.GetValue(_ratio)!, out var sets, out var gets))
        {
            error = $"invalid --ratio '{parse.GetValue(_ratio)}': expected SET:GET such as 1:10";
            return null;
        }

        var tls = BindTls(parse, out error);
        if (error is not null)
        {
            return null;
        }

        var duration = parse.GetValue(_duration);
        return new LoadOptions
        {
            Host = parse.GetValue(_host)!,
            Port = parse.GetValue(_port),
            Password = parse.GetValue(_password) ?? (environment(PasswordVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null),
            Protocol = parse.GetValue(_protocol) == "resp" ? WireFormat.Resp : WireFormat.Line,
            Connections = parse.GetValue(_connections),
            Requests = parse.GetValue(_requests),
            Duration = duration is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Pipeline = parse.GetValue(_pipeline),
            Tests = tests,
            SetRatio = sets,
            GetRatio = gets,
            Keyspace = parse.GetValue(_keyspace),
            RandomKeys = parse.GetValue(_random),
            ValueSize = parse.GetValue(_valueSize),
            TtlSeconds = parse.GetValue(_ttl),
            RequestsPerSecond = parse.GetValue(_rate),
            Warmup = parse.GetValue(_warmup),
            Tls = tls,
        };
    }

    /// <summary>redis-benchmark's TLS flags: --tls, then --cacert, --cert with --key.</summary>
    private MiniStoreTlsOptions? BindTls(ParseResult parse, out string? error)
    {
        error = null;
        var (caFile, certFile, keyFile) = (parse.GetValue(_caCert), parse.GetValue(_cert), parse.GetValue(_key));
        if (!parse.GetValue(_tls))
        {
            error = caFile is null && certFile is null && keyFile is null ? null : "--cacert, --cert and --key need --tls";
            return null;
        }

        if ((certFile is null) != (keyFile is null))
        {
            error = "--cert and --key go together";
            return null;
        }

        try
        {
            return MiniStoreTlsOptions.FromPemFiles(caFile, certFile, keyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            error = $"cannot load the TLS files: {ex.Message.ReplaceLineEndings(" ")}";
            return null;
        }
    }

    private string? Check(ParseResult parse)
    {
        if (parse.GetValue(_port) is < 1 or > 65535)
        {
            return $"invalid --port {parse.GetValue(_port)}: expected 1-65535";
        }

        if (parse.GetResult(_requests) is { Implicit: false } && parse.GetResult(_duration) is { Implicit: false })
        {
            return "give -n (requests) or -d (duration), not both";
        }

        return (parse.GetValue(_protocol), parse.GetValue(_duration)) switch
        {
            (not ("line" or "resp"), _) => $"invalid --protocol '{parse.GetValue(_protocol)}': expected line or resp",
            (_, <= 0 or > 86_400) => "invalid --duration: expected seconds, more than 0 and at most 86400",
            _ when parse.GetValue(_connections) is < 1 or > 10_000 => "invalid --connections: expected 1-10000",
            _ when parse.GetValue(_requests) < 1 => "invalid --requests: expected at least 1",
            _ when parse.GetValue(_pipeline) is < 1 or > 100_000 => "invalid --pipeline: expected 1-100000",
            _ when parse.GetValue(_keyspace) < 1 => "invalid --keyspace: expected at least 1",
            _ when parse.GetValue(_valueSize) is < 0 or > 64 * 1024 * 1024 => "invalid --value-size: expected 0 to 64 MiB",
            _ when parse.GetValue(_ttl) is < 1 => "invalid --ttl: expected at least 1 second",
            _ when parse.GetValue(_rate) is <= 0 or > 10_000_000 => "invalid --rate: expected more than 0 and at most 10000000 requests per second",
            _ when parse.GetValue(_warmup) < 0 => "invalid --warmup: expected 0 or more requests",
            _ => null,
        };
    }

    private static bool TryParseRatio(string text, out int sets, out int gets)
    {
        gets = 0;
        var parts = text.Split(':');
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out sets)
            & parts.Length == 2
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out gets)
            && sets + gets > 0;
    }
}
