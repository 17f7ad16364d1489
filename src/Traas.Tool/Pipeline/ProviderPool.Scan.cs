using Traas.Tool.OpenStack;

namespace Traas.Tool.Pipeline;

/// <summary>Counting the providers' stacks, and saying how full they are.</summary>
internal sealed partial class ProviderPool
{
    /// <summary>One count of a provider: its traas-ci stacks, the oldest, and why it has no room.</summary>
    private sealed record Load(Provider Provider, int? Count, Stack? Oldest, string Why);

    /// <summary>The provider found with room, or none, and how full the others were.</summary>
    private sealed record Scan(Provider? Provider, IReadOnlyList<Load> Loads);

    private async Task<Scan> FirstWithRoomAsync(IReadOnlyList<Provider> order,
        IReadOnlyDictionary<Provider, string> refused, CancellationToken cancel)
    {
        var loads = new List<Load>();
        foreach (var provider in order)
        {
            var refusal = refused.GetValueOrDefault(provider);
            // Without a limit of its own, only the cloud can say it is full: no need to count.
            if (refusal is null && provider.MaxStacks is null)
                return new Scan(provider, loads);
            IReadOnlyList<Stack> stacks;
            try
            {
                stacks = await (listStacks?.Invoke(provider, cancel) ?? Heat(provider).ListAsync(Tag, cancel))
                    .ConfigureAwait(false);
            }
            catch (TraasException e) when (e.ExitCode == ExitCodes.CloudError)
            {
                loads.Add(new Load(provider, null, null, $"unreachable: {e.Message}"));
                continue;
            }
            var oldest = stacks.Where(s => s.CreationTime is not null).MinBy(s => s.CreationTime);
            if (refusal is not null)
            {
                loads.Add(new Load(provider, stacks.Count, oldest, $"refused: {refusal}"));
                continue;
            }
            if (stacks.Count < provider.MaxStacks)
                return new Scan(provider, loads);
            loads.Add(new Load(provider, stacks.Count, oldest,
                $"full: {stacks.Count} of max-stacks {provider.MaxStacks}"));
        }
        return new Scan(null, loads);
    }

    private void Progress(Scan scan, DateTimeOffset began, TimeSpan timeout, TimeSpan delay)
    {
        log.Warning("capacity: no provider has room; waiting (waited {Waited} of --capacity-timeout {Timeout}), "
            + "counting again in {Delay:0.#} s: {Providers}",
            Minutes(_waited + (context.Time.GetUtcNow() - began)), Minutes(timeout), delay.TotalSeconds,
            Describe(scan));
    }

    private void GiveUp(Scan scan, TimeSpan timeout)
    {
        // The caller reports it, as the run's reason or the verb's error.
        GaveUp = $"no provider had room within --capacity-timeout {Minutes(timeout)}: {Describe(scan)}";
    }

    private string Describe(Scan scan) => string.Join("; ", scan.Loads.Select(load =>
    {
        var text = $"{load.Provider}: {load.Why}";
        if (load.Count is { } count && !load.Why.StartsWith("full", StringComparison.Ordinal))
            text += $", {count} traas-ci stack{(count == 1 ? "" : "s")}";
        if (load.Oldest is { CreationTime: { } created } oldest)
            text += $", oldest {oldest.Name} ({Minutes(context.Time.GetUtcNow() - created)} old)";
        return text;
    }));

    private static string Minutes(TimeSpan span) =>
        span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):0} s");
}
