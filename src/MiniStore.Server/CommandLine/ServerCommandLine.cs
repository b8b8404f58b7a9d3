using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using MiniStore.Core;

namespace MiniStore.Server.CommandLine;

/// <summary>
/// The server's command line (System.CommandLine): <c>ministore &lt;password&gt; [port] [options]</c>.
/// Turns arguments and the environment into a <see cref="ServerLaunch"/>, or into one clear error line.
/// </summary>
public sealed class ServerCommandLine
{
    public const string PasswordVariable = "MINISTORE_PASSWORD";

    private readonly Argument<string?> _password = new("password")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "The password clients must send (PASS / AUTH). Omit it when using --password-file or "
            + PasswordVariable + "; a password that starts with '-' must come from one of those.",
    };

    private readonly Argument<string?> _port = new("port")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "TCP port, 1-65535 [default: 8080]; 0: no plaintext port, only --tls-port.",
    };

    private readonly Option<int?> _portOption = new("--port")
    {
        Description = "The same as the port argument (as redis-server spells it).",
        HelpName = "port",
    };

    private readonly TlsCommandLine _tls = new();

    private readonly LimitsCommandLine _limits = new();

    private readonly MetricsCommandLine _metrics = new();

    private readonly TransportCommandLine _transport = new();

    /// <summary>--config: the settings file (<see cref="ConfigurationLayer"/>).</summary>
    public Option<FileInfo?> ConfigOption { get; } = ConfigurationLayer.CreateConfigOption();

    private readonly Option<string> _bind = new("--bind")
    {
        Description = "Address to listen on, e.g. 0.0.0.0 for every interface.",
        DefaultValueFactory = _ => "127.0.0.1",
        HelpName = "address",
    };

    private readonly Option<FileInfo?> _passwordFile = new("--password-file")
    {
        Description = "Read the password from this file (one trailing newline is ignored) instead of the command line, which other local users can see in ps.",
        HelpName = "path",
    };

    private readonly Option<string> _maxRequestBytes = new("--max-request-bytes")
    {
        Description = "Largest request accepted after authentication, in bytes or with a unit (1mb, 512kb).",
        DefaultValueFactory = _ => "1mb",
        HelpName = "size",
    };

    private readonly Option<string> _protoMaxBulkLen = new("--proto-max-bulk-len")
    {
        Description = "Largest RESP bulk string accepted after authentication (Redis's proto-max-bulk-len): 1mb to 512mb.",
        DefaultValueFactory = _ => "512mb",
        HelpName = "size",
    };

    private readonly Option<string> _authFastPath = new("--auth-fast-path")
    {
        Description = "yes: a password that already passed Argon2id is accepted by a keyed MAC, without Argon2id (see the README's security notes). no: every AUTH runs Argon2id.",
        DefaultValueFactory = _ => "yes",
        HelpName = "yes|no",
    };

    private readonly Option<string> _maxMemory = new("--maxmemory")
    {
        Description = "Cap on the memory the keys may use: bytes or a unit (100mb, 2gb); 0 means no cap.",
        DefaultValueFactory = _ => "0",
        HelpName = "size",
    };

    private readonly Option<string> _maxMemoryPolicy = new("--maxmemory-policy")
    {
        Description = "What a write does at the cap: noeviction, allkeys-lru, allkeys-random or volatile-ttl.",
        DefaultValueFactory = _ => "allkeys-lru",
        HelpName = "policy",
    };

    private readonly Option<string> _pubSubOutputSoftLimit = new("--pubsub-output-soft-limit")
    {
        Description = "A pub/sub subscriber whose undrained output stays above this for --pubsub-output-soft-seconds is disconnected (Redis's pubsub soft limit); 0, or at least the hard limit, = off.",
        DefaultValueFactory = _ => "8mb",
        HelpName = "size",
    };

    private readonly Option<int> _pubSubOutputSoftSeconds = new("--pubsub-output-soft-seconds")
    {
        Description = "How long a subscriber may stay above --pubsub-output-soft-limit: 1 to 86400 seconds.",
        DefaultValueFactory = _ => 60,
        HelpName = "seconds",
    };

    private readonly Option<string> _pubSubOutputLimit = new("--pubsub-output-limit")
    {
        Description = "Undrained output a pub/sub subscriber may have before it is disconnected (Redis's pubsub hard limit): 64kb to 4gb.",
        DefaultValueFactory = _ => "32mb",
        HelpName = "size",
    };

    private readonly Option<string> _dir = new("--dir")
    {
        Description = "Directory of the RDB file (Redis's dir); it must exist.",
        DefaultValueFactory = _ => ".",
        HelpName = "path",
    };

    private readonly Option<string> _dbFilename = new("--dbfilename")
    {
        Description = "Name of the RDB file in --dir, loaded at start if it exists and written by SAVE/BGSAVE.",
        DefaultValueFactory = _ => "dump.rdb",
        HelpName = "name",
    };

    private readonly Option<string> _save = new("--save")
    {
        Description = "Save points, as Redis: \"<seconds> <changes> ...\" saves in the background when at least <changes> writes happened and more than <seconds> passed since the last save. \"\" (the default): only SAVE/BGSAVE save.",
        DefaultValueFactory = _ => string.Empty,
        HelpName = "rules",
    };

    private readonly Option<string> _rdbLoadCorrupt = new("--rdb-load-corrupt")
    {
        Description = "stop (default): a corrupt RDB file stops the start. skip: start with the keys read before the damage.",
        DefaultValueFactory = _ => "stop",
        HelpName = "stop|skip",
    };

    private readonly Option<LogLevel> _logLevel = new("--log-level")
    {
        Description = "Trace, Debug, Information, Warning, Error, Critical or None.",
        DefaultValueFactory = _ => LogLevel.Information,
        HelpName = "level",
    };

    public ServerCommandLine()
    {
        Root = new RootCommand("MiniStore: a small, fast in-memory key-value cache server. Speaks the MiniStore line protocol and RESP (Redis clients) on one port. "
            + "Every option can also be set in " + ConfigurationLayer.DefaultFileName + " (or --config <file>) or in a " + ConfigurationLayer.EnvironmentPrefix + "<NAME> environment variable, under the key shown with it; "
            + "flags win over variables, variables over the file.")
        {
            _password, _port, _bind, _passwordFile, _maxRequestBytes, _protoMaxBulkLen, _maxMemory, _maxMemoryPolicy, _authFastPath, _logLevel, _pubSubOutputLimit, _pubSubOutputSoftLimit, _pubSubOutputSoftSeconds,
            _dir, _dbFilename, _save, _rdbLoadCorrupt,
        };
        Root.Options.Add(_portOption);
        foreach (var option in _tls.Options.Concat(_limits.Options).Concat(_metrics.Options).Concat(_transport.Options))
        {
            Root.Options.Add(option);
        }

        Root.Options.Add(ConfigOption);
    }

    public RootCommand Root { get; }

    /// <summary>
    /// Validates a parse that had no syntax errors. Returns null and sets <paramref name="error"/> on bad input.
    /// <paramref name="configured"/> tells whether an option's value came from the settings file or the environment
    /// (<see cref="ConfigurationLayer"/>): the port argument then wins over a configured --port.
    /// </summary>
    public ServerLaunch? Bind(ParseResult parse, Func<string, string?> environment, out string? error, Func<string, bool>? configured = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        error = null;
        string[] positionals = [.. new[] { parse.GetValue(_password), parse.GetValue(_port) }.OfType<string>()];
        if (positionals.FirstOrDefault(p => p.StartsWith('-')) is { } unknown)
        {
            // System.CommandLine hands unknown options to a string argument; a password starting with '-'
            // goes in --password-file or the environment instead.
            // Not echoed: it may be a password that starts with '-'.
            error = "an argument starts with '-' but is not a known option (see --help)";
            return null;
        }

        var file = parse.GetValue(_passwordFile);
        var fromEnvironment = environment(PasswordVariable);

        byte[]? password;
        string? portText;
        if (file is not null)
        {
            if (positionals.Length > 1)
            {
                error = "the password is given twice: as an argument and with --password-file";
                return null;
            }

            portText = positionals.FirstOrDefault();
            password = ReadPasswordFile(file, out error);
        }
        else if (positionals.Length == 2 || (positionals.Length == 1 && string.IsNullOrEmpty(fromEnvironment)))
        {
            password = Encoding.UTF8.GetBytes(positionals[0]);
            portText = positionals.ElementAtOrDefault(1);
        }
        else if (!string.IsNullOrEmpty(fromEnvironment))
        {
            password = Encoding.UTF8.GetBytes(fromEnvironment);
            portText = positionals.FirstOrDefault();
        }
        else
        {
            error = $"no password: give it as the first argument, with --password-file, or in {PasswordVariable}";
            return null;
        }

        if (password is null)
        {
            return null;
        }

        if (password.Length == 0)
        {
            error = "the password is empty";
            return null;
        }

        if (parse.GetValue(_portOption) is { } portOption && !(portText is not null && configured?.Invoke(_portOption.Name) == true))
        {
            if (portText is not null)
            {
                error = "the port is given twice: as an argument and with --port";
                return null;
            }

            portText = portOption.ToString(CultureInfo.InvariantCulture);
        }

        var tls = _tls.Bind(parse, out error);
        if (error is not null)
        {
            return null;
        }

        var port = ServerSettings.DefaultPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535 || (port == 0 && tls is null)))
        {
            // Not echoed: with the arguments swapped, this is the password.
            error = tls is null
                ? "invalid port: expected a number from 1 to 65535 as the argument after the password"
                : "invalid port: expected a number from 0 (no plaintext port) to 65535 as the argument after the password";
            return null;
        }

        if (!IPAddress.TryParse(parse.GetValue(_bind), out var address))
        {
            error = $"invalid --bind address '{parse.GetValue(_bind)}': expected an IP address such as 127.0.0.1 or 0.0.0.0";
            return null;
        }

        var maxRequestText = parse.GetValue(_maxRequestBytes);
        if (!ByteSize.TryParse(maxRequestText, out var maxRequest) || maxRequest < ServerSettings.PreAuthMaxRequestBytes || maxRequest > 512L * 1024 * 1024)
        {
            error = $"invalid --max-request-bytes '{maxRequestText}': expected a size from 4kb to 512mb";
            return null;
        }

        var bulkText = parse.GetValue(_protoMaxBulkLen);
        if (!ByteSize.TryParse(bulkText, out var maxBulk) || maxBulk < 1024 * 1024 || maxBulk > ServerSettings.DefaultProtoMaxBulkLen)
        {
            error = $"invalid --proto-max-bulk-len '{bulkText}': expected a size from 1mb to 512mb";
            return null;
        }

        var fastPathText = parse.GetValue(_authFastPath);
        if (fastPathText is not ("yes" or "no"))
        {
            error = $"invalid --auth-fast-path '{fastPathText}': expected yes or no";
            return null;
        }

        var maxMemoryText = parse.GetValue(_maxMemory);
        if (!ByteSize.TryParse(maxMemoryText, out var maxMemory))
        {
            error = $"invalid --maxmemory '{maxMemoryText}': expected bytes or a size such as 100mb or 2gb (0 = no cap)";
            return null;
        }

        var policyText = parse.GetValue(_maxMemoryPolicy);
        if (!EvictionPolicyNames.TryParse(policyText, out var policy))
        {
            error = $"invalid --maxmemory-policy '{policyText}': expected noeviction, allkeys-lru, allkeys-random or volatile-ttl";
            return null;
        }

        var pubSubLimitText = parse.GetValue(_pubSubOutputLimit);
        if (!ByteSize.TryParse(pubSubLimitText, out var pubSubLimit) || pubSubLimit < 64 * 1024 || pubSubLimit > 4L * 1024 * 1024 * 1024)
        {
            error = $"invalid --pubsub-output-limit '{pubSubLimitText}': expected a size from 64kb to 4gb";
            return null;
        }

        var softLimitText = parse.GetValue(_pubSubOutputSoftLimit);
        if (!ByteSize.TryParse(softLimitText, out var softLimit) || softLimit > 4L * 1024 * 1024 * 1024)
        {
            error = $"invalid --pubsub-output-soft-limit '{softLimitText}': expected a size from 0 (off) to 4gb";
            return null;
        }

        var softSeconds = parse.GetValue(_pubSubOutputSoftSeconds);
        if (softSeconds is < 1 or > 86_400)
        {
            error = $"invalid --pubsub-output-soft-seconds {softSeconds}: expected 1 to 86400";
            return null;
        }

        var dir = parse.GetValue(_dir) ?? ".";
        if (!Directory.Exists(dir))
        {
            error = $"invalid --dir '{dir}': no such directory";
            return null;
        }

        var dbFilename = parse.GetValue(_dbFilename) ?? string.Empty;
        if (dbFilename.Length == 0 || dbFilename != Path.GetFileName(dbFilename))
        {
            error = $"invalid --dbfilename '{dbFilename}': a file name, not a path (the directory is --dir)";
            return null;
        }

        if (!MiniStore.Persistence.SaveRule.TryParseList(parse.GetValue(_save) ?? string.Empty, out var saveRules, out var saveError))
        {
            error = $"invalid --save '{parse.GetValue(_save)}': {saveError}";
            return null;
        }

        var corruptText = parse.GetValue(_rdbLoadCorrupt);
        if (corruptText is not ("stop" or "skip"))
        {
            error = $"invalid --rdb-load-corrupt '{corruptText}': expected stop or skip";
            return null;
        }

        var settings = new ServerSettings
        {
            Dir = dir,
            DbFilename = dbFilename,
            SaveRules = saveRules,
            SkipCorruptRdb = corruptText == "skip",
            PubSubOutputLimitBytes = pubSubLimit,
            PubSubOutputSoftLimitBytes = softLimit,
            PubSubOutputSoftLimitTime = TimeSpan.FromSeconds(softSeconds),
            Bind = address,
            Port = port,
            ListenPlain = port != 0,
            Tls = tls,
            MaxRequestBytes = (int)maxRequest,
            ProtoMaxBulkLen = (int)maxBulk,
            AuthFastPath = fastPathText == "yes",
            LogLevel = parse.GetValue(_logLevel),
        };
        settings = _limits.Apply(parse, settings, out error);
        settings = settings is null ? null : _metrics.Apply(parse, settings, out error);
        settings = settings is null ? null : _transport.Apply(parse, settings, out error);
        if (settings is null)
        {
            return null;
        }

        return new ServerLaunch(settings, new StoreOptions { MaxMemoryBytes = maxMemory, EvictionPolicy = policy }, password);
    }

    private static byte[]? ReadPasswordFile(FileInfo file, out string? error)
    {
        error = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read --password-file '{file.FullName}': {ex.Message}";
            return null;
        }

        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == '\n')
        {
            length--;
            if (length > 0 && bytes[length - 1] == '\r')
            {
                length--;
            }
        }

        var password = bytes.AsSpan(0, length).ToArray();
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        return password;
    }
}
