using CommandLine;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>Where the run's logs are hosted, so that the links posted to the pull request open them.</summary>
[OptionGroup]
public interface IHostingOptions
{
    [Option("logs-swift-container", HelpText = "Host the artifacts on the cloud's Swift in this container "
        + "(REPO/PR-N or branch/JOB/RUN_ID-ATTEMPT/ in it), and link the posted texts to them.")]
    string? SwiftContainer { get; init; }

    [Option("logs-swift-cloud", HelpText = "The cloud of that Swift (default: the cloud that ran "
        + "the job).")]
    string? SwiftCloud { get; init; }

    [Option("logs-swift-region", HelpText = "Its region (default: the region that ran the job).")]
    string? SwiftRegion { get; init; }

    [Option("logs-retention-days", Default = SwiftHosting.DefaultRetentionDays,
        HelpText = "Days before Swift removes the hosted logs (X-Delete-After).")]
    double RetentionDays { get; init; }

    [Option("logs-temp-urls", HelpText = "Keep the container private and link with temp URLs signed with the key "
        + "in TRAAS_SWIFT_TEMP_URL_KEY (valid for the retention).")]
    bool TempUrls { get; init; }

    [Option("console-url", HelpText = "The console page's address when it is hosted elsewhere (e.g. an artifact's "
        + "URL): posted links go to it, a line's to URL#Lnnn.")]
    string? ConsoleUrl { get; init; }
}
