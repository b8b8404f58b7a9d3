using System.CommandLine;

namespace MiniStore.LoadTest;

/// <summary>
/// The console front end, callable in-process: flags in, report out, exit code back. 0: every reply right;
/// 1: a wrong or error reply, or the run could not start or go on; 2: bad flags.
/// </summary>
public static class LoadTestApp
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    private const string Name = "ministore-loadtest";

    /// <remarks>Pass <c>showProgress</c> only when <c>output</c> is a terminal: the progress line is rewritten in place.</remarks>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        bool showProgress,
        Func<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var commandLine = new LoadCommandLine();
        var parse = commandLine.Root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return Usage(error, parse.Errors[0].Message);
        }

        if (parse.Action is not null)
        {
            // --help and --version.
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
        }

        var options = commandLine.Bind(parse, environment ?? Environment.GetEnvironmentVariable, out var problem);
        if (options is null)
        {
            return Usage(error, problem!);
        }

        var json = commandLine.Json(parse);
        var settings = LoadSettings.From(options);
        if (!json)
        {
            ReportWriter.WriteHeader(settings, output);
        }

        LoadReport report;
        try
        {
            report = await LoadRunner.RunAsync(options, showProgress && !json ? output : null, cancellationToken).ConfigureAwait(false);
        }
        catch (LoadTestException ex)
        {
            await error.WriteLineAsync($"{Name}: {ex.Message}").ConfigureAwait(false);
            return ExitFailure;
        }

        if (json)
        {
            ReportWriter.WriteJson(report, output);
        }
        else
        {
            foreach (var test in report.Tests)
            {
                ReportWriter.WriteTest(test, output);
            }
        }

        if (!report.Succeeded)
        {
            var errors = report.Tests.Sum(test => test.Errors);
            await error.WriteLineAsync($"{Name}: {errors} wrong or error replies{(report.Failure is null ? string.Empty : "; " + report.Failure)}").ConfigureAwait(false);
            return ExitFailure;
        }

        return ExitOk;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine($"{Name}: {message} (see --help)");
        return ExitUsage;
    }
}
