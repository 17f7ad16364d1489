using CommandLine;

namespace Traas.Tool.Commands;

[Verb("publish",
    HelpText = "Publish what report wrote to GitHub: a check run (or commit status), a sticky PR comment, "
        + "the step summary, annotations.")]
public sealed partial class PublishOptions : VerbOptions, IPublishingOptions, IHostingOptions, IBaselineOptions
{
    [Option("artifacts", Default = ArtifactFiles.DefaultFolder, HelpText = "The folder report (or run) wrote.")]
    public string Artifacts { get; init; } = "";

    [Option("issues",
        HelpText = "Periodic runs: a failure opens (or updates) one issue per job type, labelled traas-ci and "
            + "the result class; a pass closes it (needs issues: write).")]
    public bool Issues { get; init; }
}
