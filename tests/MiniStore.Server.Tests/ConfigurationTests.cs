using System.Collections;
using System.Globalization;
using MiniStore.Server.CommandLine;

namespace MiniStore.Server.Tests;

/// <summary>
/// ministore.json, then MINISTORE__* variables, then flags (ConfigurationLayer over ServerCommandLine): precedence,
/// keys for every flag, and errors that name their source. In process, plus the real executable once.
/// </summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ministore-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteSettings(string json, string name = ConfigurationLayer.DefaultFileName)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>What Program does: merge, parse, bind; the launch or the error line.</summary>
    private (ServerLaunch? Launch, string? Error) Resolve(string[] args, Dictionary<string, string>? environment = null)
    {
        var commandLine = new ServerCommandLine();
        var variables = new Hashtable();
        foreach (var (name, value) in environment ?? [])
        {
            variables[name] = value;
        }

        var layer = ConfigurationLayer.Load(commandLine.Root, commandLine.ConfigOption, args, variables, _directory, out var error);
        if (layer is null)
        {
            return (null, error);
        }

        var parse = commandLine.Root.Parse([.. layer.Arguments]);
        if (parse.Errors.Count > 0)
        {
            return (null, layer.Explain(parse.Errors[0].Message));
        }

        var launch = commandLine.Bind(parse, name => environment?.GetValueOrDefault(name), out error, layer.IsConfigured);
        return (launch, launch is null ? layer.Explain(error!) : null);
    }

    [Fact]
    public void File_then_environment_then_flags_each_override_the_one_before()
    {
        WriteSettings("""{ "maxmemory": "1mb", "maxmemory-policy": "volatile-ttl", "maxclients": 50, "timeout": 30 }""");
        var environment = new Dictionary<string, string> { ["MINISTORE__MAXMEMORY"] = "2mb", ["MINISTORE__MAXCLIENTS"] = "60" };

        var (launch, error) = Resolve(["pw", "--maxclients", "70"], environment);

        Assert.Null(error);
        Assert.Equal(2 * 1024 * 1024, launch!.Store.MaxMemoryBytes);
        Assert.Equal(Core.EvictionPolicy.VolatileTtl, launch.Store.EvictionPolicy);
        Assert.Equal(70, launch.Settings.MaxClients);
        Assert.Equal(TimeSpan.FromSeconds(30), launch.Settings.IdleTimeout);
    }

    [Fact]
    public void Sections_and_variable_spellings_reach_the_same_flag()
    {
        WriteSettings("""{ "Tls": { "AuthClients": "no" }, "MaxMemory": "3mb" }""");
        var environment = new Dictionary<string, string> { ["MINISTORE__MAXMEMORY_POLICY"] = "noeviction", ["MINISTORE__AUTH__TIMEOUT"] = "0" };

        // tls-auth-clients without --tls-port is refused: proof the section reached that flag.
        var (_, error) = Resolve(["pw"], environment);
        Assert.Contains("--tls-port is not", error, StringComparison.Ordinal);
        Assert.Contains("key \"Tls:AuthClients\"", error, StringComparison.Ordinal);

        File.Delete(Path.Combine(_directory, ConfigurationLayer.DefaultFileName));
        var (launch, _) = Resolve(["pw"], environment);
        Assert.Equal(Core.EvictionPolicy.NoEviction, launch!.Store.EvictionPolicy);
        Assert.Equal(TimeSpan.Zero, launch.Settings.AuthTimeout);
    }

    [Fact]
    public void A_bad_value_names_the_file_and_key_it_came_from()
    {
        var path = WriteSettings("""{ "maxmemory": "lots" }""");

        var (launch, error) = Resolve(["pw"]);

        Assert.Null(launch);
        Assert.Equal($"invalid --maxmemory 'lots': expected bytes or a size such as 100mb or 2gb (0 = no cap) (from {path}, key \"maxmemory\")", error);
    }

    [Fact]
    public void A_bad_value_names_the_environment_variable_it_came_from()
    {
        var (_, policy) = Resolve(["pw"], new() { ["MINISTORE__MAXMEMORY_POLICY"] = "bogus" });
        Assert.EndsWith("(from environment variable MINISTORE__MAXMEMORY_POLICY)", policy, StringComparison.Ordinal);

        // A value the parser itself rejects (not a number) is explained the same way.
        var (_, clients) = Resolve(["pw"], new() { ["MINISTORE__MAXCLIENTS"] = "many" });
        Assert.Contains("--maxclients", clients, StringComparison.Ordinal);
        Assert.EndsWith("(from environment variable MINISTORE__MAXCLIENTS)", clients, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_flag_is_not_blamed_on_the_file()
    {
        WriteSettings("""{ "maxmemory": "1mb" }""");

        var (_, error) = Resolve(["pw", "--maxmemory", "lots"]);

        Assert.Equal("invalid --maxmemory 'lots': expected bytes or a size such as 100mb or 2gb (0 = no cap)", error);
    }

    [Theory]
    [InlineData("""{ "maxmemroy": "1mb" }""", "unknown setting \"maxmemroy\"")]
    [InlineData("""{ "maxmemory": """, "cannot read")]
    public void A_file_with_an_unknown_key_or_bad_json_is_refused(string json, string message)
    {
        WriteSettings(json);

        var (_, error) = Resolve(["pw"]);

        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_variable_and_a_missing_config_file_are_refused()
    {
        Assert.Contains("MINISTORE__MAXMEMROY", Resolve(["pw"], new() { ["MINISTORE__MAXMEMROY"] = "1mb" }).Error, StringComparison.Ordinal);
        Assert.Contains("does not exist", Resolve(["pw", "--config", Path.Combine(_directory, "none.json")]).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_flag_picks_another_file_and_the_port_argument_wins_over_a_configured_port()
    {
        var path = WriteSettings("""{ "port": 7000, "bind": "0.0.0.0" }""", "other.json");

        Assert.Equal(7000, Resolve(["pw", "--config", path]).Launch!.Settings.Port);
        var (launch, error) = Resolve(["pw", "7001", "--config", path]);
        Assert.Null(error);
        Assert.Equal(7001, launch!.Settings.Port);
        Assert.Equal("0.0.0.0", launch.Settings.Bind.ToString());
    }

    [Fact]
    public async Task Help_names_every_flags_key_and_variable()
    {
        var (code, stdout, _) = await ServerProcess.RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var option in new ServerCommandLine().Root.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name is not ("--help" or "--version" or "--config")))
        {
            var (key, variable) = ConfigurationLayer.KeysOf(option);
            Assert.Contains($"\"{key}\"", stdout, StringComparison.Ordinal);
            Assert.Contains(variable, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_executable_reads_ministore_json_from_its_working_directory_and_the_environment()
    {
        var port = LoopbackPort.Free();
        WriteSettings($$"""{ "port": {{port}}, "maxmemory": "5mb" }""");
        await using var server = ServerProcess.Start(
            ["pw"], new Dictionary<string, string> { ["MINISTORE__MAXMEMORY_POLICY"] = "noeviction" }, _directory);
        await server.WaitUntilListeningAsync(port);
        await using var client = await RespClient.ConnectAsync(port, "pw");

        Assert.Equal(new object?[] { "maxmemory", (5 * 1024 * 1024).ToString(CultureInfo.InvariantCulture) }, await client.CommandAsync("CONFIG", "GET", "maxmemory"));
        Assert.Equal(new object?[] { "maxmemory-policy", "noeviction" }, await client.CommandAsync("CONFIG", "GET", "maxmemory-policy"));
    }

    [Fact]
    public async Task The_executable_reports_a_bad_variable_in_one_line_with_exit_code_2()
    {
        await using var server = ServerProcess.Start(["pw"], new Dictionary<string, string> { ["MINISTORE__MAXMEMORY"] = "lots" }, _directory);
        Assert.Equal(2, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.StartsWith("ministore: invalid --maxmemory 'lots'", server.Stderr, StringComparison.Ordinal);
        Assert.Contains("MINISTORE__MAXMEMORY", server.Stderr.Split('\n')[0], StringComparison.Ordinal);
    }
}
