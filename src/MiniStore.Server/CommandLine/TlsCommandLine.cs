using System.CommandLine;
using MiniStore.Server.Tls;

namespace MiniStore.Server.CommandLine;

/// <summary>The TLS flags, named as redis-server names them, and their validation.</summary>
internal sealed class TlsCommandLine
{
    private readonly Option<int?> _tlsPort = new("--tls-port")
    {
        Description = "Also (or, with port 0, only) accept TLS connections on this port. Needs --tls-cert-file and --tls-key-file.",
        HelpName = "port",
    };

    private readonly Option<string?> _certFile = new("--tls-cert-file")
    {
        Description = "The server certificate, PEM (any further certificates in the file are its chain). Re-read when it changes on disk.",
        HelpName = "path",
    };

    private readonly Option<string?> _keyFile = new("--tls-key-file")
    {
        Description = "The certificate's private key, PEM, unencrypted. Re-read when it changes on disk.",
        HelpName = "path",
    };

    private readonly Option<string?> _caFile = new("--tls-ca-cert-file")
    {
        Description = "CA certificates (PEM) that client certificates must chain to; turns on --tls-auth-clients yes.",
        HelpName = "path",
    };

    private readonly Option<string?> _authClients = new("--tls-auth-clients")
    {
        Description = "With --tls-ca-cert-file: yes (a client certificate is required; the default), optional (checked if sent) or no.",
        HelpName = "yes|no|optional",
    };

    public IEnumerable<Option> Options => [_tlsPort, _certFile, _keyFile, _caFile, _authClients];

    /// <summary>The TLS settings (null when --tls-port is absent), or null and an error.</summary>
    public TlsSettings? Bind(ParseResult parse, out string? error)
    {
        error = null;
        var port = parse.GetValue(_tlsPort);
        var certFile = parse.GetValue(_certFile);
        var keyFile = parse.GetValue(_keyFile);
        var caFile = parse.GetValue(_caFile);
        var authText = parse.GetValue(_authClients);
        if (port is null)
        {
            var given = new Option[] { _certFile, _keyFile, _caFile, _authClients }.FirstOrDefault(option => parse.GetResult(option) is not null);
            if (given is not null)
            {
                error = $"{given.Name} is given but --tls-port is not";
            }

            return null;
        }

        if (port is < 1 or > 65535)
        {
            error = $"invalid --tls-port {port}: expected 1-65535";
            return null;
        }

        if (certFile is null || keyFile is null)
        {
            error = "--tls-port needs --tls-cert-file and --tls-key-file";
            return null;
        }

        TlsClientAuth auth;
        switch (authText)
        {
            case null:
                auth = caFile is null ? TlsClientAuth.No : TlsClientAuth.Yes;
                break;
            case "yes":
                auth = TlsClientAuth.Yes;
                break;
            case "no":
                auth = TlsClientAuth.No;
                break;
            case "optional":
                auth = TlsClientAuth.Optional;
                break;
            default:
                error = $"invalid --tls-auth-clients '{authText}': expected yes, no or optional";
                return null;
        }

        if (auth != TlsClientAuth.No && caFile is null)
        {
            error = $"--tls-auth-clients {authText} needs --tls-ca-cert-file: the CA client certificates must chain to";
            return null;
        }

        // Checked now so a wrong path is a usage error at start, not a failed handshake later.
        if (ServerCertificate.TryLoad(certFile, keyFile, out var loadError) is null)
        {
            error = $"cannot load --tls-cert-file '{certFile}' with --tls-key-file '{keyFile}': {OneLine(loadError)}";
            return null;
        }

        if (caFile is not null && ServerCertificate.TryLoadAuthorities(caFile, out loadError) is null)
        {
            error = $"cannot load --tls-ca-cert-file '{caFile}': {OneLine(loadError)}";
            return null;
        }

        return new TlsSettings
        {
            Port = port.Value,
            CertificateFile = Path.GetFullPath(certFile),
            KeyFile = Path.GetFullPath(keyFile),
            CaCertificateFile = caFile is null ? null : Path.GetFullPath(caFile),
            AuthClients = auth,
        };
    }

    private static string OneLine(string? text) => (text ?? "unknown error").ReplaceLineEndings(" ").Trim();
}
