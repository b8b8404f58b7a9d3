using System.Collections;
using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace MiniStore.Server.CommandLine;

/// <summary>
/// Configuration the .NET way, underneath the flags: an optional <c>ministore.json</c> (in the working directory,
/// or <c>--config &lt;file&gt;</c>), then <c>MINISTORE__*</c> environment variables, then the command line, each
/// overriding the one before. Every flag is a key: its name without the leading dashes, matched ignoring case,
/// dashes, underscores and section separators, so <c>"maxmemory-policy"</c>, <c>{"tls": {"port": 6380}}</c> and
/// <c>MINISTORE__MAXMEMORY_POLICY</c> / <c>MINISTORE__TLS__PORT</c> all work. The file and the variables are read
/// with Microsoft.Extensions.Configuration and lowered to flags appended after the user's own, for the options
/// the command line did not set, so one parser and one validation serve all three sources, and a flag added later
/// has its key at once. A bad value is reported naming where it came from.
/// </summary>
public sealed partial class ConfigurationLayer
{
    public const string EnvironmentPrefix = "MINISTORE__";
    public const string DefaultFileName = "ministore.json";

    /// <summary>Where each configured option's value came from, by option name (<c>--maxmemory</c>).</summary>
    private readonly Dictionary<string, string> _origins;

    private ConfigurationLayer(string[] arguments, Dictionary<string, string> origins)
    {
        Arguments = arguments;
        _origins = origins;
    }

    /// <summary>The user's arguments followed by the configured flags.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public static Option<FileInfo?> CreateConfigOption() => new("--config")
    {
        Description = $"Settings file (JSON; keys are the flag names, e.g. \"maxmemory\": \"100mb\"). Default: {DefaultFileName} in the working directory, if there is one.",
        HelpName = "file",
    };

    /// <summary>The key of an option in the file and the environment.</summary>
    public static (string JsonKey, string Variable) KeysOf(Option option)
    {
        ArgumentNullException.ThrowIfNull(option);
        var key = option.Name.TrimStart('-');
        return (key, EnvironmentPrefix + key.Replace('-', '_').ToUpperInvariant());
    }

    /// <summary>Appends, to each configurable option's description, its key in the file and its environment variable.</summary>
    public static void DescribeKeys(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var option in Configurable(root))
        {
            var (json, variable) = KeysOf(option);
            option.Description += $" [{DefaultFileName}: \"{json}\"; env: {variable}]";
        }
    }

    /// <summary>
    /// Reads the file and the environment and merges them under <paramref name="args"/>; null and an error line when
    /// the file is missing (given with --config) or unreadable, or a key or variable names no flag.
    /// </summary>
    public static ConfigurationLayer? Load(
        RootCommand root, Option<FileInfo?> configOption, string[] args, IDictionary environment, string workingDirectory, out string? error)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(configOption);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        error = null;
        var parse = root.Parse(args);
        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parse.Errors.Count > 0 || IsHelpOrVersion(parse))
        {
            // Syntax errors are reported as they are; --help and --version need no configuration.
            return new ConfigurationLayer(args, origins);
        }

        var byKey = Configurable(root).ToDictionary(option => Normalize(option.Name), StringComparer.Ordinal);
        var values = new Dictionary<Option, (string Value, string Origin)>();

        var file = parse.GetValue(configOption);
        var path = file?.FullName ?? Path.Combine(workingDirectory, DefaultFileName);
        if (file is not null && !File.Exists(path))
        {
            error = $"--config file '{path}' does not exist";
            return null;
        }

        if (File.Exists(path))
        {
            IConfigurationRoot json;
            try
            {
                json = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
            {
                error = $"cannot read {path}: {ex.GetBaseException().Message.ReplaceLineEndings(" ")}";
                return null;
            }

            foreach (var (key, value) in Leaves(json))
            {
                if (!byKey.TryGetValue(Normalize(key), out var option))
                {
                    error = $"unknown setting \"{key}\" in {path}: expected a flag's name, such as \"maxmemory\" (see --help)";
                    return null;
                }

                values[option] = (value, $"{path}, key \"{key}\"");
            }
        }

        var variables = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var key = name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                variables[key] = entry.Value as string;
                names[key] = name;
            }
        }

        foreach (var (key, value) in Leaves(new ConfigurationBuilder().AddInMemoryCollection(variables).Build()))
        {
            if (!byKey.TryGetValue(Normalize(key), out var option))
            {
                error = $"unknown setting in environment variable {names[key]}: expected {EnvironmentPrefix} and a flag's name, such as {EnvironmentPrefix}MAXMEMORY (see --help)";
                return null;
            }

            values[option] = (value, $"environment variable {names[key]}");
        }

        var merged = new List<string>(args);
        foreach (var (option, (value, origin)) in values)
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                continue;
            }

            merged.Add(option.Name);
            merged.Add(value);
            origins[option.Name] = origin;
        }

        return new ConfigurationLayer([.. merged], origins);
    }

    /// <summary>Whether <paramref name="optionName"/>'s value came from the file or the environment.</summary>
    public bool IsConfigured(string optionName) => _origins.ContainsKey(optionName);

    /// <summary>
    /// An error about an option, with where its value came from when that was not the command line: the first
    /// configured flag the message names.
    /// </summary>
    public string Explain(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (Match match in FlagName().Matches(error))
        {
            if (_origins.TryGetValue(match.Value, out var origin))
            {
                return $"{error} (from {origin})";
            }
        }

        return error;
    }

    private static IEnumerable<Option> Configurable(RootCommand root) =>
        root.Options.Where(option => option.Name.StartsWith("--", StringComparison.Ordinal)
            && option.Name is not ("--help" or "--version" or "--config"));

    private static bool IsHelpOrVersion(ParseResult parse) =>
        parse.Tokens.Any(token => token.Value is "--help" or "-h" or "-?" or "--version");

    /// <summary>Leaf values with their full keys (<c>tls:port</c>); arrays and objects are not values.</summary>
    private static IEnumerable<(string Key, string Value)> Leaves(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(pair => pair.Value is not null && !configuration.GetSection(pair.Key).GetChildren().Any())
            .Select(pair => (pair.Key, pair.Value!));

    private static string Normalize(string name) =>
        string.Concat(name.Where(char.IsLetterOrDigit)).ToUpperInvariant();

    [GeneratedRegex(@"--[a-z0-9][a-z0-9-]*")]
    private static partial Regex FlagName();
}
