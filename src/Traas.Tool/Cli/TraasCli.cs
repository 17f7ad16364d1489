using System.Reflection;
using CommandLine;
using CommandLine.Text;
using Traas.Tool.Commands;
using Traas.Tool.Logging;

namespace Traas.Tool.Cli;

/// <summary>Parses the arguments, runs one verb and maps the outcome to an exit code. Nothing else.</summary>
public static class TraasCli
{
    public static string Version =>
        typeof(TraasCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static readonly Type[] Verbs = [typeof(ReportOptions), typeof(ProvisionOptions), typeof(StatusOptions), typeof(DeleteOptions), typeof(ValidateOptions), typeof(RunOptions), typeof(WaitOptions), typeof(CollectOptions), typeof(PublishOptions), typeof(ReapOptions)];

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        if (args is ["--version"])
        {
            await context.Stdout.WriteLineAsync(Version).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        using var parser = new Parser(settings =>
        {
            settings.HelpWriter = null;
            settings.CaseInsensitiveEnumValues = true;
            settings.AutoVersion = false;
            // -e, --parameter and --tag repeat, as they do for openstack stack create.
            settings.AllowMultiInstance = true;
        });
        var parsed = parser.ParseArguments(args, Verbs);
        if (parsed is NotParsed<object> notParsed)
            return await UsageAsync(notParsed, context).ConfigureAwait(false);
        var options = ((Parsed<object>)parsed).Value;
        var verbose = options is ReportOptions { Verbose: true } or CloudOptions { Verbose: true } or PublishOptions { Verbose: true };
        using var log = ToolLog.Create(context.Stderr, verbose);
        try
        {
            return options switch
            {
                ReportOptions report => await ReportCommand.RunAsync(report, context, log).ConfigureAwait(false),
                ProvisionOptions provision => await ProvisionCommand.RunAsync(provision, context, log).ConfigureAwait(false),
                StatusOptions status => await StatusCommand.RunAsync(status, context, log).ConfigureAwait(false),
                DeleteOptions delete => await DeleteCommand.RunAsync(delete, context, log).ConfigureAwait(false),
                ValidateOptions validate => await ValidateCommand.RunAsync(validate, context, log).ConfigureAwait(false),
                RunOptions run => await RunCommand.RunAsync(run, context, log).ConfigureAwait(false),
                WaitOptions wait => await StepCommands.WaitAsync(wait, context, log).ConfigureAwait(false),
                CollectOptions collect => await StepCommands.CollectAsync(collect, context, log).ConfigureAwait(false),
                PublishOptions publish => await PublishCommand.RunAsync(publish, context, log).ConfigureAwait(false),
                ReapOptions reap => await ReapCommand.RunAsync(reap, context, log).ConfigureAwait(false),
                _ => ExitCodes.BadInput,
            };
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
        catch (Exception e)
        {
            log.Fatal(e, "traas-ci failed unexpectedly; please report this with the output above");
            return ExitCodes.InternalError;
        }
    }

    private static async Task<int> UsageAsync(NotParsed<object> notParsed, CliContext context)
    {
        var isHelp = notParsed.Errors.Any(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError);
        var help = HelpText.AutoBuild(notParsed, h =>
        {
            h.Heading = $"traas-ci {Version}";
            h.Copyright = "Run TripleO CI jobs (traas) on your own OpenStack cloud from GitHub.";
            h.AddDashesToOption = true;
            h.AutoVersion = false;
            return HelpText.DefaultParsingErrorsHandler(notParsed, h);
        }, e => e, verbsIndex: true);
        if (isHelp)
        {
            await context.Stdout.WriteLineAsync(help.ToString()).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        await context.Stderr.WriteLineAsync(help.ToString()).ConfigureAwait(false);
        return ExitCodes.BadInput;
    }
}
