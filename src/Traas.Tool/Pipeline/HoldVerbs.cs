using Traas.Tool.OpenStack;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The verbs on held and leaked stacks across every provider: holds, release and reap. A hold is a
/// stack with a traas-hold-until tag (<see cref="Hold"/>); a stack tagged traas-ci without one is a
/// leak once it is older than reap's cutoff.
/// </summary>
internal sealed class HoldVerbs(PipelineContext context, ILogger log)
{
    /// <summary>A stack of a provider, with its hold when it has one.</summary>
    internal sealed record Found(Provider Provider, Stack Stack, Hold? Hold);

    /// <summary>Every stack tagged <paramref name="tag"/> on every provider.</summary>
    private static async Task<List<Found>> ListAsync(ProviderPool pool, string tag, CancellationToken cancel)
    {
        List<Found> found = [];
        foreach (var provider in pool.All)
        {
            var stacks = await pool.Heat(provider).ListAsync(tag, cancel).ConfigureAwait(false);
            found.AddRange(stacks.Select(s => new Found(provider, s, Hold.From(s.Tags))));
        }
        return found;
    }

    /// <summary>The held stacks, oldest first, as JSON rows: name, where, status, age, expiry, scope,
    /// address.</summary>
    public async Task<JsonArray> HoldsAsync(IReadOnlyList<Provider> providers, CancellationToken cancel)
    {
        using var pool = new ProviderPool(context, providers, log);
        var now = context.Time.GetUtcNow();
        var rows = new JsonArray();
        var holds = (await ListAsync(pool, ProviderPool.Tag, cancel).ConfigureAwait(false))
            .Where(f => f.Hold is not null).OrderBy(f => f.Stack.CreationTime);
        foreach (var (provider, listed, hold) in holds)
        {
            // The list has no outputs; the address is in the stack's own.
            var stack = await pool.Heat(provider).FindAsync(listed.Id, cancel).ConfigureAwait(false) ?? listed;
            var cloud = pool.Session(provider).Cloud;
            rows.Add(new JsonObject
            {
                ["name"] = stack.Name,
                ["cloud"] = cloud.Name,
                ["region"] = cloud.RegionName,
                ["status"] = stack.Status,
                ["age_hours"] = stack.CreationTime is { } created ? Math.Round((now - created).TotalHours, 2) : null,
                ["expires"] = hold!.Until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["expired"] = hold.IsExpired(now),
                ["pull_request"] = hold.PullRequest,
                ["branch"] = hold.Branch,
                ["job_type"] = hold.JobType,
                ["run"] = hold.Run,
                ["undercloud"] = stack.Outputs.GetValueOrDefault("undercloud_floating_ip")?.ToString(),
            });
        }
        return rows;
    }

    /// <summary>Deletes a held stack by name, or every expired hold; the number of stacks deleted.</summary>
    public async Task<int> ReleaseAsync(IReadOnlyList<Provider> providers, string? name, CancellationToken cancel)
    {
        using var pool = new ProviderPool(context, providers, log);
        var now = context.Time.GetUtcNow();
        var all = await ListAsync(pool, ProviderPool.Tag, cancel).ConfigureAwait(false);
        var chosen = name is null
            ? all.Where(f => f.Hold?.IsExpired(now) == true).ToList()
            : all.Where(f => f.Stack.Name == name || f.Stack.Id == name).ToList();
        if (name is not null && chosen.Count == 0)
        {
            throw new TraasException(ExitCodes.NoSuchStack,
                $"no stack tagged traas-ci named '{name}' in {string.Join(", ", providers)}; "
                    + "`traas-ci holds` lists the held ones");
        }
        foreach (var (provider, stack, hold) in chosen)
        {
            await pool.Heat(provider).DeleteAsync(stack, cancel).ConfigureAwait(false);
            log.Information("releasing {StackName} in {Provider} (held until {Until})", stack.Name,
                provider.ToString(), hold?.Until.ToString("u", CultureInfo.InvariantCulture) ?? "no hold");
        }
        if (chosen.Count == 0)
            log.Information("no expired hold in {Providers}", string.Join(", ", providers));
        return chosen.Count;
    }

    /// <summary>
    /// Deletes expired holds, and the stacks with the tag and no hold created before the cutoff
    /// (a run killed before its teardown); never an unexpired hold. Heat finishes the deletes.
    /// </summary>
    /// <returns>The number of deletes Heat refused.</returns>
    public async Task<int> ReapAsync(IReadOnlyList<Provider> providers, string tag, TimeSpan olderThan, bool dryRun,
        CancellationToken cancel)
    {
        using var pool = new ProviderPool(context, providers, log);
        var now = context.Time.GetUtcNow();
        var cutoff = now - olderThan;
        var stacks = await ListAsync(pool, tag, cancel).ConfigureAwait(false);
        var reaped = stacks.Where(f => f.Stack.Status != "DELETE_IN_PROGRESS" && (f.Hold is { } hold
            ? hold.IsExpired(now)
            : f.Stack.CreationTime is { } created && created <= cutoff)).ToList();
        var held = stacks.Count(f => f.Hold is { } h && !h.IsExpired(now));
        log.Information("{Count} of {Total} stacks tagged {Tag} are expired holds or were created before {Cutoff:u} "
            + "without a hold ({Held} unexpired holds are kept)", reaped.Count, stacks.Count, tag, cutoff, held);
        var failed = 0;
        foreach (var (provider, stack, hold) in reaped)
        {
            var why = hold is null ? "no hold" : $"hold expired {hold.Until:u}";
            if (dryRun)
            {
                log.Information("would delete {StackName} ({Status}, created {Created:u}, {Why}) in {Provider}",
                    stack.Name, stack.Status, stack.CreationTime, why, provider.ToString());
                await context.Runner.WriteOutputAsync($"{stack.Name}\t{provider}\t{why}").ConfigureAwait(false);
                continue;
            }
            try
            {
                await pool.Heat(provider).DeleteAsync(stack, cancel).ConfigureAwait(false);
                log.Information("deleting {StackName} ({Status}, created {Created:u}, {Why}) in {Provider}",
                    stack.Name, stack.Status, stack.CreationTime, why, provider.ToString());
            }
            catch (TraasException e)
            {
                failed++;
                log.Error("could not delete {StackName}: {Message}", stack.Name, e.Message);
            }
        }
        return failed;
    }
}
