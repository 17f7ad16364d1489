using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>How much collecting may bring back (run, and collect to change a run's limits).</summary>
[OptionGroup]
public interface ICollectLimitOptions
{
    [Option("collect-max-files", Default = CollectLimits.DefaultMaxFiles,
        HelpText = "Files collecting may bring back.")]
    int CollectMaxFiles { get; init; }

    [Option("collect-max-depth", Default = CollectLimits.DefaultMaxDepth,
        HelpText = "Folders below a collect glob's fixed part that collecting may go down.")]
    int CollectMaxDepth { get; init; }

    [Option("collect-max-mib", Default = CollectLimits.DefaultMaxTotalMiB,
        HelpText = "MiB collecting may bring back in all.")]
    long CollectMaxMiB { get; init; }

    [Option("collect-max-file-mib", Default = CollectLimits.DefaultMaxFileMiB,
        HelpText = "MiB of one file, and of a gzip file's text to mask it; a bigger file is left out (and the "
            + "collect is incomplete).")]
    long CollectMaxFileMiB { get; init; }
}

internal static class CollectLimitOptions
{
    /// <summary>
    /// The limits the options give, checked; <paramref name="fallback"/> for those not given (a run's own).
    /// </summary>
    public static CollectLimits Limits(this ICollectLimitOptions options, IReadOnlySet<string> given,
        CollectLimits? fallback = null)
    {
        bool Use(string option) => fallback is null || given.Contains(option);
        var run = fallback ?? new CollectLimits();
        var limits = new CollectLimits
        {
            MaxFiles = Use("collect-max-files") ? options.CollectMaxFiles : run.MaxFiles,
            MaxDepth = Use("collect-max-depth") ? options.CollectMaxDepth : run.MaxDepth,
            MaxTotalBytes = Use("collect-max-mib") ? options.CollectMaxMiB * 1048576 : run.MaxTotalBytes,
            MaxFileBytes = Use("collect-max-file-mib") ? options.CollectMaxFileMiB * 1048576 : run.MaxFileBytes,
        };
        if (limits.MaxFiles < 1 || limits.MaxDepth < 0 || limits.MaxTotalBytes < 1 || limits.MaxFileBytes < 1)
        {
            throw new TraasException(ExitCodes.BadInput,
                "--collect-max-files, --collect-max-mib and --collect-max-file-mib take 1 or more, "
                    + "--collect-max-depth 0 or more");
        }
        return limits;
    }
}
