using Polly;
using Polly.Retry;

namespace Traas.Tool.Resilience;

/// <summary>
/// The "cloud-call" Polly pipeline: every OpenStack request goes through it. Transient failures
/// (connection refused or reset, timeouts, 502/503/504, 429) are tried again with exponential
/// back-off and jitter, honouring Retry-After; a 4xx that is the caller's error never is.
/// </summary>
internal static class CloudRetryPipeline
{
    public const string Name = "cloud-call";

    public static ResiliencePipeline<HttpResponseMessage> Create(RetryOptions options, ILogger log, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = Name, TimeProvider = time };
        // Polly asks for at least one retry; none (TRAAS_RETRIES=0) is a pipeline without the strategy.
        if (options.MaxRetries == 0)
            return builder.Build();
        return builder
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<Exception>(TransientHttp.IsTransient)
                    .HandleResult(r => TransientHttp.IsTransient(r.StatusCode)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response
                    ? TransientHttp.RetryAfter(response, time) is { } wait
                        ? (TimeSpan?)(wait > options.MaxDelay ? options.MaxDelay : wait)
                        : null
                    : null),
                OnRetry = args =>
                {
                    var what = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    log.Warning("cloud call failed ({What}); trying again in {Delay:0.0} s ({Attempt}/{Max})",
                        what, args.RetryDelay.TotalSeconds, args.AttemptNumber + 1, options.MaxRetries);
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
