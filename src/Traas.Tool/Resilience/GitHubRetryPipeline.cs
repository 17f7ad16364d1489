using System.Net;
using Octokit;
using Polly;
using Polly.Retry;

namespace Traas.Tool.Resilience;

/// <summary>
/// The "github-call" Polly pipeline: a rate-limited request waits as GitHub asks (Retry-After, else
/// until x-ratelimit-reset when x-ratelimit-remaining is 0), a secondary limit backs off
/// exponentially from a minute, and 5xx or a dropped connection is tried again. Waits are capped, so
/// publishing cannot hold the job for long (<see cref="GitHubRetryOptions"/>).
/// </summary>
internal static class GitHubRetryPipeline
{
    public const string Name = "github-call";

    /// <summary>One GitHub call through <paramref name="pipeline"/> (made by <see cref="Create"/>).</summary>
    public static async Task<T> CallAsync<T>(this ResiliencePipeline pipeline, Func<Task<T>> call,
        CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(async _ => await call().ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

    public static ResiliencePipeline Create(GitHubRetryOptions options, ILogger log, TimeProvider time)
    {
        var (retries, maxWait, backoff) = options;
        var builder = new ResiliencePipelineBuilder { Name = Name, TimeProvider = time };
        if (retries == 0)
            return builder.Build();
        return builder
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(1),
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => Classify(e) != Kind.Final),
                DelayGenerator = args =>
                {
                    var e = args.Outcome.Exception!;
                    TimeSpan? wait = Classify(e) switch
                    {
                        Kind.RateLimited => WaitFor((ApiException)e, time) ?? backoff,
                        Kind.SecondaryLimit =>
                            WaitFor((ApiException)e, time) ?? backoff * Math.Pow(2, args.AttemptNumber),
                        _ => null,
                    };
                    return ValueTask.FromResult(wait is { } w ? (TimeSpan?)(w > maxWait ? maxWait : w) : null);
                },
                OnRetry = args =>
                {
                    log.Warning("GitHub call failed ({What}); trying again in {Delay:0.0} s ({Attempt}/{Max})",
                        Describe(args.Outcome.Exception!), args.RetryDelay.TotalSeconds, args.AttemptNumber + 1,
                        retries);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private enum Kind
    {
        Final,
        RateLimited,
        SecondaryLimit,
        Transient,
    }

    private static Kind Classify(Exception e)
    {
        if (e is ApiException api)
        {
            var status = (int)api.StatusCode;
            var headers = api.HttpResponse?.Headers ?? new Dictionary<string, string>();
            if (status is 403 or 429)
            {
                if (Header(headers, "x-ratelimit-remaining") == "0")
                    return Kind.RateLimited;
                if (Header(headers, "retry-after") is not null
                    || e is SecondaryRateLimitExceededException || e is AbuseException
                    || (api.HttpResponse?.Body as string)
                        ?.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase) == true
                    || status == 429)
                    return Kind.SecondaryLimit;
                return Kind.Final;
            }
            return status >= 500 ? Kind.Transient : Kind.Final;
        }
        return e is HttpRequestException or TaskCanceledException { InnerException: TimeoutException } or IOException
            ? Kind.Transient
            : Kind.Final;
    }

    /// <summary>Retry-After (seconds or a date), else the reset time when no requests are left.</summary>
    private static TimeSpan? WaitFor(ApiException e, TimeProvider time)
    {
        var headers = e.HttpResponse?.Headers ?? new Dictionary<string, string>();
        var retryAfter = Header(headers, "retry-after");
        if (retryAfter is not null)
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                return TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
                out var when))
                return Positive(when - time.GetUtcNow());
        }
        if (Header(headers, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(headers, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture,
                out var reset))
        {
            // One second more: the reset is given in whole seconds.
            return Positive(DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow() + TimeSpan.FromSeconds(1));
        }
        return null;
    }

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Describe(Exception e) => e is ApiException api
        ? $"HTTP {(int)api.StatusCode}"
            + $"{(api.StatusCode == HttpStatusCode.Forbidden || (int)api.StatusCode == 429 ? ", rate limited" : "")}"
        : e.GetType().Name;
}
