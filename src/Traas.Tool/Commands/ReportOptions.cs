using CommandLine;

namespace Traas.Tool.Commands;

[Verb("report", HelpText = "Turn traas.log into junit.xml, console.html and summary.md.")]
public sealed class ReportOptions
{
    [Value(0, MetaName = "LOG", HelpText = "traas.log, or - to read standard input (default: the log of --state).")]
    public string? Log { get; init; }

    [Option("state", HelpText = "The run state of an interrupted `traas-ci run`: report on its traas.log, into its folder, under its job type.")]
    public string? State { get; init; }

    [Option('o', "out", Default = "traas-artifacts", HelpText = "Folder for the artifacts.")]
    public string Out { get; init; } = "traas-artifacts";

    [Option("job-name", Default = "traas job", HelpText = "The job's name in the artifacts, e.g. the TOCI_JOBTYPE.")]
    public string JobName { get; init; } = "traas job";

    [Option("console-url", Default = "console.html", HelpText = "Where links in summary.md point (console.html, or its published address).")]
    public string ConsoleUrl { get; init; } = "console.html";

    [Option('v', "verbose", HelpText = "More detail on stderr.")]
    public bool Verbose { get; init; }
}
