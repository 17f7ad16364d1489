using CommandLine;
using CommandLine.Text;
using Traas.Tool.Config;
using Traas.Tool.GitHub;
using Traas.Tool.Logging;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>Parses the arguments, runs one verb and maps the outcome to an exit code. Nothing else.</summary>
public static class TraasCli
{
    private static readonly Type[] Verbs =
    [
        typeof(RunOptions), typeof(ProvisionOptions), typeof(WaitOptions), typeof(CollectOptions),
        typeof(ReportCommandOptions), typeof(PublishOptions), typeof(DeleteOptions), typeof(StatusOptions),
        typeof(ValidateOptions), typeof(ReapOptions), typeof(CommentCommandOptions), typeof(TakeHoldOptions),
        typeof(DiffOptions), typeof(HistoryOptions),
        typeof(HoldsOptions), typeof(ReleaseOptions),
    ];

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        if (args is ["--version"])
        {
            await context.Stdout.WriteLineAsync(ToolVersion.Current).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        VerbOptions options;
        try
        {
            var normalized = ArgumentNormalizer.Normalize(args, Verbs);
            if (normalized.Help)
                return await HelpAsync(normalized.Verb, context.Stdout).ConfigureAwait(false);
            options = Parse(normalized);
        }
        catch (UsageException usage)
        {
            return await UsageAsync(usage, context).ConfigureAwait(false);
        }
        using var log = ToolLog.Create(context.Stderr, options.Verbose, WorkflowCommands.Inert);
        try
        {
            var settings = ToolSettings.FromEnvironment(context.Environment);
            if (options is CloudOptions { CloudsFile: { } named } && CloudsFiles.Problem(named) is { } problem)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"--os-client-config-file {named}: the file {problem}; give the clouds.yaml to read");
            }
            var environment = options is CloudOptions { CloudsFile: { } cloudsFile }
                ? new Dictionary<string, string>(context.Environment)
                {
                    ["OS_CLIENT_CONFIG_FILE"] = Path.GetFullPath(cloudsFile),
                }
                : context.Environment;
            var pipeline = new PipelineContext(context.Stdout, context.Stdin, environment, settings,
                WorkflowRunner.FromEnvironment(context.Environment, context.Stdout));
            pipeline.Secrets.Add(settings.SshKeyPassphrase);
            pipeline.Secrets.Add(settings.SshKeyText);
            pipeline.Secrets.Add(context.Environment.GetValueOrDefault("GITHUB_TOKEN"));
            foreach (var redaction in options.Redact)
                pipeline.Secrets.AddRedaction(redaction);
            return await DispatchAsync(options, pipeline, log, context.CancellationToken).ConfigureAwait(false);
        }
        catch (TraasException e)
        {
            log.Error("{Message}", e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            log.Warning("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder that is a file, a path without permission, a full disk: the machine's to fix, not a fault.
            log.Error("{Message} Check the path and its permissions.", e.Message);
            return ExitCodes.BadInput;
        }
        catch (HttpRequestException e)
        {
            // A service that no retry reached (GitHub for history, a cloud's endpoint): said in one line.
            log.Error("{Message}; check the service's address and the network.", e.Message);
            return ExitCodes.CloudError;
        }
        catch (Exception e)
        {
            log.Fatal(e, "traas-ci failed unexpectedly; please report this with the output above");
            return ExitCodes.InternalError;
        }
    }

    private static Task<int> DispatchAsync(VerbOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel) =>
        options switch
        {
            RunOptions run => RunCommand.RunAsync(run, context, log, cancel),
            ProvisionOptions provision => ProvisionCommand.RunAsync(provision, context, log, cancel),
            WaitOptions wait => StepCommands.WaitAsync(wait, context, log, cancel),
            CollectOptions collect => StepCommands.CollectAsync(collect, context, log, cancel),
            ReportCommandOptions report => ReportCommand.RunAsync(report, context, log, cancel),
            PublishOptions publish => PublishCommand.RunAsync(publish, context, log, cancel),
            DeleteOptions delete => DeleteCommand.RunAsync(delete, context, log, cancel),
            StatusOptions status => StatusCommand.RunAsync(status, context, log, cancel),
            ValidateOptions validate => ValidateCommand.RunAsync(validate, context, log, cancel),
            ReapOptions reap => ReapCommand.RunAsync(reap, context, log, cancel),
            CommentCommandOptions command => CommentCommand.RunAsync(command, context, log, cancel),
            TakeHoldOptions hold => TakeHoldCommand.RunAsync(hold, context, log, cancel),
            DiffOptions diff => DiffCommand.RunAsync(diff, context, log, cancel),
            HistoryOptions history => HistoryCommand.RunAsync(history, context, log, cancel),
            HoldsOptions holds => HoldsCommand.RunAsync(holds, context, log, cancel),
            ReleaseOptions release => ReleaseCommand.RunAsync(release, context, log, cancel),
            _ => throw new InvalidOperationException($"no command for {options.GetType().Name}"),
        };

    private static Parser NewParser() => new(settings =>
    {
        settings.HelpWriter = null;
        settings.CaseInsensitiveEnumValues = true;
        settings.AutoVersion = false;
        settings.AllowMultiInstance = true;
        settings.EnableDashDash = true;
        // Numbers are checked as the invariant culture writes them before this parser sees them (ArgumentNormalizer).
        settings.ParsingCulture = CultureInfo.InvariantCulture;
    });

    /// <summary>The normalized line through CommandLineParser: types, defaults and required options.</summary>
    /// <summary>A command line as the verb's options (tests read how a line is understood).</summary>
    /// <exception cref="UsageException">It cannot be read, or asks for help.</exception>
    internal static VerbOptions Parse(string[] args)
    {
        var normalized = ArgumentNormalizer.Normalize(args, Verbs);
        return normalized.Help ? throw new UsageException(normalized.Verb, null) : Parse(normalized);
    }

    private static VerbOptions Parse(NormalizedArguments normalized)
    {
        using var parser = NewParser();
        var parsed = parser.ParseArguments(normalized.Arguments, Verbs);
        if (parsed is NotParsed<object> notParsed)
            throw new UsageException(normalized.Verb, Describe(notParsed.Errors.First()));
        var options = (VerbOptions)((Parsed<object>)parsed).Value;
        options.Given = normalized.Given;
        return options;
    }

    private static string Describe(Error error) => error switch
    {
        MissingRequiredOptionError { NameInfo.LongName: { Length: > 0 } name } => $"--{name} is required",
        MissingRequiredOptionError => "a required positional argument is missing",
        BadFormatConversionError { NameInfo.LongName: { Length: > 0 } name } =>
            $"--{name} has a value of the wrong type",
        BadFormatConversionError => "a positional argument has a value of the wrong type",
        NamedError named => $"--{named.NameInfo.LongName}: {error.Tag}",
        // The option's name only: its value may be a --redact secret.
        BadFormatTokenError token => $"{token.Token.Split('=')[0]}: its value cannot be read",
        _ => error.Tag.ToString(),
    };

    /// <summary>A bad line: one line saying what is wrong and where to look; help alone exits 0.</summary>
    private static async Task<int> UsageAsync(UsageException usage, CliContext context)
    {
        if (usage.Problem is null)
            return await HelpAsync(usage.Verb, context.Stdout).ConfigureAwait(false);
        var hint = usage.Verb is null ? "traas-ci --help" : $"traas-ci {usage.Verb} --help";
        await context.Stderr.WriteLineAsync($"traas-ci: error: {usage.Problem}; try `{hint}`").ConfigureAwait(false);
        return ExitCodes.BadInput;
    }

    /// <summary>The verb's options, or the list of verbs.</summary>
    private static async Task<int> HelpAsync(string? verb, TextWriter stdout)
    {
        using var parser = NewParser();
        var parsed = (NotParsed<object>)parser.ParseArguments(verb is null ? ["--help"] : [verb, "--help"], Verbs);
        var help = HelpText.AutoBuild(parsed, h =>
        {
            h.Heading = $"traas-ci {ToolVersion.Current}";
            h.Copyright = "Run TripleO CI jobs (traas) on your own OpenStack cloud from GitHub.";
            h.AddDashesToOption = true;
            h.AutoVersion = false;
            h.MaximumDisplayWidth = 110;
            return HelpText.DefaultParsingErrorsHandler(parsed, h);
        }, e => e, verbsIndex: verb is null);
        await stdout.WriteLineAsync(help.ToString()).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
