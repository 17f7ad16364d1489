using Traas.Tool.OpenStack;
using Traas.Tool.OpenStack.Templates;

namespace Traas.Tool.Pipeline;

/// <summary>The verbs that act on stacks one at a time: provision, status, delete, reap and validate.</summary>
internal sealed class StackVerbs(PipelineContext context, ILogger log)
{
    /// <summary>
    /// Creates a stack on the first provider with room and follows it to CREATE_COMPLETE; its outputs.
    /// A capacity refusal sends it to the next provider; when all are full it waits (see
    /// <see cref="ProviderPool"/>), and ends NO_CAPACITY after the capacity timeout.
    /// </summary>
    public async Task<JsonObject> ProvisionAsync(IReadOnlyList<Provider> providers, TimeSpan capacityTimeout,
        JsonObject request, CancellationToken cancel)
    {
        using var pool = new ProviderPool(context, providers, log);
        var refused = new Dictionary<Provider, string>();
        while (true)
        {
            var provider = await pool.AcquireAsync(null, 0, refused, capacityTimeout, cancel).ConfigureAwait(false)
                ?? throw new TraasException(ExitCodes.NoCapacity, pool.GaveUp!);
            var (heat, follower) = CloudConnection.Heat(context, pool.Session(provider), log);
            try
            {
                var stack = await new ProvisionStage(heat, follower, log).RunAsync(request, created: _ => { }, cancel)
                    .ConfigureAwait(false);
                log.Information("stack {StackName} runs in {Provider}", stack.Name, provider.ToString());
                return stack.OutputsJson();
            }
            catch (TraasException e) when (e.ExitCode == ExitCodes.NoCapacity
                || (e.ExitCode == ExitCodes.NodeFailure && CapacityRefusal.Find(e.Message) is not null))
            {
                refused[provider] = e.Message.Split('\n')[0];
                log.Warning("provider {Provider} has no room: {Reason}", provider.ToString(), refused[provider]);
                if (e.ExitCode == ExitCodes.NodeFailure)
                {
                    await new TeardownStage(heat, follower, log).DeleteAsync((string)request["stack_name"]!,
                        wait: true, TimeSpan.FromMinutes(30), cancel).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// A stack's name, id, status, outputs, and the cloud and region it is in (the first provider that has it).
    /// </summary>
    public async Task<JsonObject> StatusAsync(IReadOnlyList<Provider> providers, string name, CancellationToken cancel)
    {
        using var pool = new ProviderPool(context, providers, log);
        foreach (var provider in providers)
        {
            if (await pool.Heat(provider).FindAsync(name, cancel).ConfigureAwait(false) is not { } stack)
                continue;
            return new JsonObject
            {
                ["name"] = stack.Name,
                ["id"] = stack.Id,
                ["status"] = stack.Status,
                ["status_reason"] = stack.StatusReason,
                ["cloud"] = pool.Session(provider).Cloud.Name,
                ["region"] = pool.Session(provider).Cloud.RegionName,
                ["outputs"] = stack.OutputsJson(),
            };
        }
        throw new TraasException(ExitCodes.NoSuchStack, $"there is no stack '{name}' in {Where(pool)}.");
    }

    /// <returns>False when no provider has such a stack.</returns>
    public async Task<bool> DeleteAsync(IReadOnlyList<Provider> providers, string nameOrId, bool wait,
        CancellationToken cancel)
    {
        using var pool = new ProviderPool(context, providers, log);
        foreach (var provider in providers)
        {
            var (heat, follower) = CloudConnection.Heat(context, pool.Session(provider), log);
            if (await new TeardownStage(heat, follower, log)
                .DeleteAsync(nameOrId, wait, TimeSpan.FromMinutes(30), cancel).ConfigureAwait(false))
            {
                return true;
            }
        }
        log.Information("there is no stack {StackName} in {Where}: nothing to delete", nameOrId, Where(pool));
        return false;
    }

    /// <summary>The clouds (and regions, when there are several providers) looked in, for messages.</summary>
    private static string Where(ProviderPool pool) => pool.All.Count == 1
        ? $"cloud '{pool.Session(pool.All[0]).Cloud.Name}'"
        : "any of " + string.Join(", ", pool.All.Select(p =>
            $"{pool.Session(p).Cloud.Name}/{pool.Session(p).Cloud.RegionName ?? "(default region)"}"));

    /// <returns>False when there is no such stack.</returns>
    public Task<bool> DeleteAsync(string? cloud, string? region, string nameOrId, bool wait,
        CancellationToken cancel) => DeleteAsync([new Provider(cloud, region)], nameOrId, wait, cancel);

    /// <summary>
    /// The stacks carrying a tag that only one run's attempt gave (see <see cref="RunState.RunTag"/>).
    /// </summary>
    public async Task DeleteTaggedAsync(string? cloud, string? region, string tag, bool wait, CancellationToken cancel)
    {
        using var session = CloudConnection.Open(context, cloud, region, log);
        var (heat, follower) = CloudConnection.Heat(context, session, log);
        var stacks = await heat.ListAsync(tag, cancel).ConfigureAwait(false);
        if (stacks.Count == 0)
            log.Information("no stack carries the run's tag {Tag}: its create request made none", tag);
        var teardown = new TeardownStage(heat, follower, log);
        foreach (var stack in stacks)
            await teardown.DeleteAsync(stack.Id, wait, TimeSpan.FromMinutes(30), cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// The offline checks, then Heat's validate in each of <paramref name="providers"/> (none: offline only): the
    /// same files may fail in one cloud (a flavor, an image, a network it lacks) and pass in another.
    /// </summary>
    /// <param name="request">The create request, as <see cref="StackRequest.Build"/> reads it: reading the files was
    /// the first check (YAML errors with their line, missing get_file, registry and parameter files).</param>
    public async Task ValidateAsync(IReadOnlyList<Provider> providers, string template, JsonObject request,
        CancellationToken cancel)
    {
        var problems = TemplateLint.Check(request);
        foreach (var problem in problems)
            log.Error("{Problem}", problem);
        if (problems.Count > 0)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{template}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")} found; see above.");
        }
        log.Information("{Template}: the offline checks pass ({Files} files read)",
            template, request["files"]!.AsObject().Count);
        foreach (var provider in providers)
        {
            using var session = CloudConnection.Open(context, provider.Cloud, provider.Region, log);
            try
            {
                await new HeatClient(session).ValidateAsync(request, cancel).ConfigureAwait(false);
            }
            catch (TraasException e) when (providers.Count > 1)
            {
                throw new TraasException(e.ExitCode, $"{provider}: {e.Message}", e);
            }
            log.Information("{Template}: Heat's validate passes in cloud {Cloud}, region {Region}", template,
                session.Cloud.Name, session.Cloud.RegionName ?? "(the catalog's)");
        }
    }
}
