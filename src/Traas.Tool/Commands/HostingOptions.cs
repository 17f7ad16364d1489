using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

internal static class HostingOptions
{
    /// <summary>
    /// The Swift hosting the options ask for, checked; null without --logs-swift-container. Its cloud and
    /// region are only those named for it: a run fills in the provider that ran the job.
    /// </summary>
    public static SwiftHosting? Hosting(this IHostingOptions options, PipelineContext context)
    {
        if (options.SwiftContainer is not { } container)
            return null;
        if (!(options.RetentionDays > 0) || options.RetentionDays > 3650)
        {
            throw new TraasException(ExitCodes.BadInput,
                "--logs-retention-days: give a number of days above 0, up to 3650");
        }
        if (container.Length > 256 || container.Contains('/', StringComparison.Ordinal))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"--logs-swift-container {container}: a Swift container name has no '/' and 256 characters at most");
        }
        string? key = null;
        if (options.TempUrls)
        {
            key = context.Settings.SwiftTempUrlKey ?? throw new TraasException(ExitCodes.BadInput,
                "--logs-temp-urls needs the key to sign them with in TRAAS_SWIFT_TEMP_URL_KEY");
            context.Secrets.Add(key);
            context.Runner.Mask(key);
        }
        return new SwiftHosting(container, options.SwiftCloud, options.SwiftRegion,
            TimeSpan.FromDays(options.RetentionDays), key);
    }
}
