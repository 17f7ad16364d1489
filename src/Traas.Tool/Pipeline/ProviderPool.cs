using Polly;
using Polly.Retry;
using Traas.Tool.OpenStack;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The providers of a run and a session to each, opened when first used. Picks the first provider
/// serving the job type that has room (traas-ci's stacks there, counted by tag, under its
/// max-stacks), skipping those that refused for capacity; when none has room, it waits with back-off
/// ("capacity-wait" pipeline), printing a line each time it counts again (at least once a minute),
/// for at most the capacity timeout over the whole run.
/// </summary>
/// <param name="listStacks">A provider's traas-ci stacks; null: Heat's stack list by tag.</param>
internal sealed partial class ProviderPool(PipelineContext context, IReadOnlyList<Provider> providers, ILogger log,
    Func<Provider, CancellationToken, Task<IReadOnlyList<Stack>>>? listStacks = null) : IDisposable
{
    public const string PipelineName = "capacity-wait";

    /// <summary>The tag traas-ci gives every stack it creates, and counts by.</summary>
    public const string Tag = "traas-ci";

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Provider, CloudSession> _sessions = [];

    private TimeSpan _waited;

    /// <summary>Why the last <see cref="AcquireAsync"/> gave up: each provider and why it had no room.</summary>
    public string? GaveUp { get; private set; }

    public IReadOnlyList<Provider> All => providers;

    /// <summary>The session to a provider's cloud and region.</summary>
    public CloudSession Session(Provider provider)
    {
        if (!_sessions.TryGetValue(provider, out var session))
        {
            session = CloudConnection.Open(context, provider.Cloud, provider.Region, log);
            _sessions[provider] = session;
        }
        return session;
    }

    public HeatClient Heat(Provider provider) => new(Session(provider));

    /// <summary>The providers that serve a job type, in order.</summary>
    public IReadOnlyList<Provider> Serving(string? jobType)
    {
        var serving = providers.Where(p => p.Serves(jobType)).ToList();
        return serving.Count > 0 ? serving : throw new TraasException(ExitCodes.BadInput,
            $"no provider serves job type '{jobType}' (providers: {string.Join(", ", providers)}); "
                + "add it to a provider's job-types");
    }

    /// <summary>
    /// The first provider with room, from <paramref name="start"/> on (an attempt after a NODE_FAILURE
    /// starts at the next provider), skipping those in <paramref name="refused"/> until every provider
    /// has been found full once; null when the capacity timeout passes first.
    /// </summary>
    public async Task<Provider?> AcquireAsync(string? jobType, int start, Dictionary<Provider, string> refused,
        TimeSpan timeout, CancellationToken cancel)
    {
        var serving = Serving(jobType);
        var order = serving.Skip(start % serving.Count).Concat(serving.Take(start % serving.Count)).ToList();
        var began = context.Time.GetUtcNow();
        var deadline = began + (timeout - _waited);
        var pipeline = new ResiliencePipelineBuilder<Scan> { Name = PipelineName, TimeProvider = context.Time }
            .AddRetry(new RetryStrategyOptions<Scan>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { Provider: null } && context.Time.GetUtcNow() < deadline),
                DelayGenerator = args =>
                {
                    var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks,
                        context.Settings.CapacityPollInterval.Ticks * (1L << Math.Min(args.AttemptNumber, 20))));
                    var left = deadline - context.Time.GetUtcNow();
                    return ValueTask.FromResult<TimeSpan?>(left < backoff ? left : backoff);
                },
                OnRetry = args =>
                {
                    Progress(args.Outcome.Result!, began, timeout, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        var first = true;
        Scan scan;
        try
        {
            scan = await pipeline.ExecuteAsync(async token =>
            {
                // A provider that refused may have room after a wait: then every one is counted anew.
                if (!first)
                    refused.Clear();
                first = false;
                return await FirstWithRoomAsync(order, refused, token).ConfigureAwait(false);
            }, cancel).ConfigureAwait(false);
        }
        finally
        {
            _waited += context.Time.GetUtcNow() - began;
        }
        if (scan.Provider is null)
            GiveUp(scan, timeout);
        return scan.Provider;
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
            session.Dispose();
    }
}
