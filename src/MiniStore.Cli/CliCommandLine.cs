using System.CommandLine;
using MiniStore.Client;
using MiniStore.Protocol;

namespace MiniStore.Cli;

/// <summary>
/// <c>ministore-cli [options] [command [arg ...]]</c>. Options come first, as with redis-cli; the first other
/// word starts the command, and everything after it belongs to the command even if it starts with '-'.
/// </summary>
public sealed class CliCommandLine
{
    public const string PasswordVariable = "MINISTORE_PASSWORD";

    private static readonly HashSet<string> ValueOptions = ["-h", "--host", "-p", "--port", "-a", "--password", "--protocol", "--timeout", "--cacert", "--cert", "--key", "--sni"];

    private readonly Option<string> _host = new("--host", "-h") { Description = "Server host.", DefaultValueFactory = _ => "127.0.0.1" };
    private readonly Option<int> _port = new("--port", "-p") { Description = "Server port.", DefaultValueFactory = _ => MiniStoreClientOptions.DefaultPort };
    private readonly Option<string?> _password = new("--password", "-a") { Description = $"Password (PASS / AUTH); safer in {PasswordVariable}, which other users cannot read in ps." };
    private readonly Option<string> _protocol = new("--protocol") { Description = "line or resp.", DefaultValueFactory = _ => "line" };
    private readonly Option<double> _timeout = new("--timeout") { Description = "Seconds to wait for a reply.", DefaultValueFactory = _ => 5, HelpName = "seconds" };
    private readonly Option<bool> _tls = new("--tls") { Description = "Connect with TLS (the server's --tls-port)." };
    private readonly Option<string?> _caCert = new("--cacert") { Description = "CA certificate(s), PEM, to trust instead of the system's store.", HelpName = "file" };
    private readonly Option<string?> _cert = new("--cert") { Description = "Client certificate, PEM, for a server that requires one.", HelpName = "file" };
    private readonly Option<string?> _key = new("--key") { Description = "The client certificate's private key, PEM.", HelpName = "file" };
    private readonly Option<string?> _sni = new("--sni") { Description = "Server name to expect in its certificate (and send as SNI); default: the host.", HelpName = "host" };
    private readonly Argument<string[]> _command = new("command") { Description = "The command and its arguments; none for the interactive prompt.", Arity = ArgumentArity.ZeroOrMore };

    public CliCommandLine()
    {
        Root = new RootCommand("ministore-cli: send one command to MiniStore, or type commands at a prompt.")
        {
            _host, _port, _password, _protocol, _timeout, _command,
        };
        foreach (var option in new Option[] { _tls, _caCert, _cert, _key, _sni })
        {
            Root.Options.Add(option);
        }

        // -h is the host, as in redis-cli; help stays on --help and -?.
        var help = Root.Options.OfType<System.CommandLine.Help.HelpOption>().Single();
        Root.Options.Remove(help);
        Root.Options.Add(new System.CommandLine.Help.HelpOption("--help", "-?"));
    }

    public RootCommand Root { get; }

    /// <summary>Where the options end and the command begins.</summary>
    public static int CommandStart(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var i = 0;
        while (i < args.Count)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return i + 1;
            }

            if (ValueOptions.Contains(arg))
            {
                i += 2;
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                // A flag, or an unknown option that the parser will report.
                i++;
            }
            else
            {
                return i;
            }
        }

        return args.Count;
    }

    /// <summary>
    /// Only the options are parsed (the command is split off first), so a word left for the command argument is an
    /// option the parser did not know.
    /// </summary>
    public string? Unmatched(ParseResult parse) => parse?.GetValue(_command) is [var first, ..] ? first : null;

    /// <summary>The connection options, or null and an error for bad values.</summary>
    public MiniStoreClientOptions? Bind(ParseResult parse, Func<string, string?> environment, out string? error)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        error = null;
        var port = parse.GetValue(_port);
        var protocol = parse.GetValue(_protocol);
        var timeout = parse.GetValue(_timeout);
        if (port is < 1 or > 65535)
        {
            error = $"invalid port {port}: expected 1-65535";
        }
        else if (protocol is not ("line" or "resp"))
        {
            error = $"invalid --protocol '{protocol}': expected line or resp";
        }
        else if (timeout is <= 0 or > 86_400)
        {
            error = "invalid --timeout: expected seconds, more than 0";
        }

        if (error is not null)
        {
            return null;
        }

        var tls = BindTls(parse, out error);
        if (error is not null)
        {
            return null;
        }

        return new MiniStoreClientOptions
        {
            Host = parse.GetValue(_host)!,
            Port = port,
            Password = parse.GetValue(_password) ?? NullIfEmpty(environment(PasswordVariable)),
            Protocol = protocol == "resp" ? WireFormat.Resp : WireFormat.Line,
            DefaultTimeout = TimeSpan.FromSeconds(timeout),
            Tls = tls,
        };
    }

    /// <summary>redis-cli's TLS flags: --tls, then --cacert, --cert with --key, --sni.</summary>
    private MiniStoreTlsOptions? BindTls(ParseResult parse, out string? error)
    {
        error = null;
        var (caFile, certFile, keyFile, sni) = (parse.GetValue(_caCert), parse.GetValue(_cert), parse.GetValue(_key), parse.GetValue(_sni));
        if (!parse.GetValue(_tls))
        {
            if (caFile is not null || certFile is not null || keyFile is not null || sni is not null)
            {
                error = "--cacert, --cert, --key and --sni need --tls";
            }

            return null;
        }

        if ((certFile is null) != (keyFile is null))
        {
            error = "--cert and --key go together";
            return null;
        }

        try
        {
            return MiniStoreTlsOptions.FromPemFiles(caFile, certFile, keyFile) with { ServerName = sni };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            error = $"cannot load the TLS files: {ex.Message.ReplaceLineEndings(" ")}";
            return null;
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
