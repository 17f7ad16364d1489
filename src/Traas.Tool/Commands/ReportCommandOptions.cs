using CommandLine;

namespace Traas.Tool.Commands;

[Verb("report", HelpText = "Turn traas.log into junit.xml, console.html and summary.md.")]
public sealed partial class ReportCommandOptions : VerbOptions, IStateOptions
{
    [Value(0, MetaName = "LOG", HelpText = "traas.log, or - to read standard input (default: the log of --state).")]
    public string? Log { get; init; }

    [Option('o', "out", Default = ArtifactFiles.DefaultFolder, HelpText = "Folder for the artifacts.")]
    public string Out { get; init; } = "";

    [Option("job-name", Default = "traas job", HelpText = "The job's name in the artifacts, e.g. the TOCI_JOBTYPE.")]
    public string JobName { get; init; } = "";

    [Option("subunit", HelpText = "A subunit stream, v2 or v1 text (plain or .gz), whose tests become testcases; "
        + "repeat it (default with --state: the streams among the collected logs).")]
    public IEnumerable<string> Subunit { get; init; } = [];

    [Option("known-failures",
        HelpText = "Known-failure fingerprints (name, regex, url, class) that extend the shipped failure patterns "
            + "(default: the starter file shipped with the tool).")]
    public string? KnownFailures { get; init; }

    [Option("console-url", Default = ArtifactFiles.Console,
        HelpText = "Where links in summary.md point (console.html, or its published address).")]
    public string ConsoleUrl { get; init; } = "";
}
