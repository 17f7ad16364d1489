using Serilog;
using Traas.Tool.Cli;
using Traas.Tool.Config;
using Traas.Tool.OpenStack;
using Traas.Tool.Resilience;

namespace Traas.Tool.Commands;

/// <summary>Resolves the cloud a verb asked for and opens a session to it.</summary>
internal static class CloudConnection
{
    public static CloudSession Open(CloudOptions options, CliContext context, ILogger log)
    {
        var cloud = new CloudConfigLoader(context.Environment, Environment.CurrentDirectory).Resolve(options.Cloud, options.Region);
        // In GitHub Actions, secrets are masked in the job log the moment they are read.
        if (context.Environment.GetValueOrDefault("GITHUB_ACTIONS") == "true")
        {
            foreach (var secret in cloud.Secrets)
                context.Stdout.WriteLine($"::add-mask::{secret}");
        }
        log.Debug("cloud {Cloud} ({AuthType}) from {Source}, region {Region}, interface {Interface}",
            cloud.Name, cloud.AuthType, cloud.SourceFile ?? "OS_* variables", cloud.RegionName ?? "(any)", cloud.Interface);
        return new CloudSession(cloud, RetryOptionsFrom(context.Environment), log);
    }

    /// <summary>TRAAS_RETRIES and TRAAS_REQUEST_TIMEOUT (seconds) tune the cloud-call pipeline.</summary>
    private static RetryOptions RetryOptionsFrom(IReadOnlyDictionary<string, string> environment)
    {
        var options = new RetryOptions();
        if (int.TryParse(environment.GetValueOrDefault("TRAAS_RETRIES"), out var retries) && retries >= 0)
            options = options with { MaxRetries = retries };
        if (int.TryParse(environment.GetValueOrDefault("TRAAS_REQUEST_TIMEOUT"), out var seconds) && seconds > 0)
            options = options with { RequestTimeout = TimeSpan.FromSeconds(seconds) };
        if (double.TryParse(environment.GetValueOrDefault("TRAAS_RETRY_DELAY"), System.Globalization.CultureInfo.InvariantCulture, out var delay) && delay >= 0)
            options = options with { BaseDelay = TimeSpan.FromSeconds(delay) };
        return options;
    }
}
