using Traas.Tool.Config;
using Traas.Tool.OpenStack;
using Traas.Tool.Resilience;

namespace Traas.Tool.Pipeline;

/// <summary>Resolves the cloud a verb asked for and opens a session to it.</summary>
internal static class CloudConnection
{
    public static CloudSession Open(PipelineContext context, string? cloudName, string? region, ILogger log)
    {
        var cloud = new CloudConfigLoader(context.Environment, context.CurrentDirectory).Resolve(cloudName, region);
        // In GitHub Actions, secrets are masked in the job log the moment they are read.
        foreach (var secret in cloud.Secrets)
        {
            context.Runner.Mask(secret);
            context.Secrets.Add(secret);
        }
        log.Debug("cloud {Cloud} ({AuthType}) from {Source}, region {Region}, interface {Interface}",
            cloud.Name, cloud.AuthType, cloud.SourceFile ?? "OS_* variables", cloud.RegionName ?? "(any)",
            cloud.Interface);
        var settings = context.Settings;
        var retry = new RetryOptions
        {
            MaxRetries = settings.CloudRetries,
            BaseDelay = settings.CloudRetryDelay,
            RequestTimeout = settings.CloudRequestTimeout,
        };
        return new CloudSession(cloud, retry, log, context.Time);
    }

    /// <summary>
    /// The Heat client of a session and the follower of its stacks, polled as TRAAS_POLL_SECONDS says.
    /// </summary>
    public static (HeatClient Heat, StackFollower Follower) Heat(PipelineContext context, CloudSession session,
        ILogger log)
    {
        var heat = new HeatClient(session);
        return (heat, new StackFollower(heat, log, context.Settings.StackPollInterval, context.Time));
    }
}
