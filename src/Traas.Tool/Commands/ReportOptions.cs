using CommandLine;

namespace Traas.Tool.Commands;

[Verb("report", HelpText = "Turn traas.log into junit.xml, console.html and summary.md.")]
public sealed class ReportOptions
{
    [Value(0, MetaName = "LOG", Required = true, HelpText = "traas.log, or - to read standard input.")]
    public string Log { get; init; } = "";

    [Option('o', "out", Default = "traas-artifacts", HelpText = "Folder for the artifacts.")]
    public string Out { get; init; } = "traas-artifacts";

    [Option("job-name", Default = "traas job", HelpText = "The job's name in the artifacts, e.g. the TOCI_JOBTYPE.")]
    public string JobName { get; init; } = "traas job";

    [Option("console-url", Default = "console.html", HelpText = "Where links in summary.md point (console.html, or its published address).")]
    public string ConsoleUrl { get; init; } = "console.html";

    [Option('v', "verbose", HelpText = "More detail on stderr.")]
    public bool Verbose { get; init; }
}
