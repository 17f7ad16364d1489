using System.Text.Json.Nodes;
using Serilog;
using Traas.Tool.Model;
using Traas.Tool.OpenStack;
using Traas.Tool.OpenStack.Templates;

namespace Traas.Tool.Pipeline;

/// <summary>The verbs that act on stacks one at a time: provision, status, delete, reap and validate.</summary>
internal sealed class StackVerbs(PipelineContext context, ILogger log)
{
    /// <summary>Creates a stack and follows it to CREATE_COMPLETE; its outputs.</summary>
    public async Task<JsonObject> ProvisionAsync(string? cloud, string? region, JsonObject request,
        CancellationToken cancel)
    {
        using var session = CloudConnection.Open(context, cloud, region, log);
        var (heat, follower) = CloudConnection.Heat(context, session, log);
        var stack = await new ProvisionStage(heat, follower, log).RunAsync(request, created: _ => { }, cancel)
            .ConfigureAwait(false);
        return stack.OutputsJson();
    }

    /// <summary>A stack's name, id, status and outputs.</summary>
    public async Task<JsonObject> StatusAsync(string? cloud, string? region, string name, CancellationToken cancel)
    {
        using var session = CloudConnection.Open(context, cloud, region, log);
        var stack = await new HeatClient(session).FindAsync(name, cancel).ConfigureAwait(false)
            ?? throw new TraasException(ExitCodes.NoSuchStack,
                $"there is no stack '{name}' in cloud '{session.Cloud.Name}'.");
        return new JsonObject
        {
            ["name"] = stack.Name,
            ["id"] = stack.Id,
            ["status"] = stack.Status,
            ["status_reason"] = stack.StatusReason,
            ["outputs"] = stack.OutputsJson(),
        };
    }

    /// <returns>False when there is no such stack.</returns>
    public async Task<bool> DeleteAsync(string? cloud, string? region, string nameOrId, bool wait,
        CancellationToken cancel)
    {
        using var session = CloudConnection.Open(context, cloud, region, log);
        var (heat, follower) = CloudConnection.Heat(context, session, log);
        var deleted = await new TeardownStage(heat, follower, log)
            .DeleteAsync(nameOrId, wait, TimeSpan.FromMinutes(30), cancel)
            .ConfigureAwait(false);
        if (!deleted)
        {
            log.Information("there is no stack {StackName} in cloud {Cloud}: nothing to delete",
                nameOrId, session.Cloud.Name);
        }
        return deleted;
    }

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
    /// Deletes the stacks with a tag created longer ago than a cutoff (a held environment someone
    /// forgot, a run killed before its teardown), without waiting: Heat finishes them.
    /// </summary>
    /// <returns>The number of deletes Heat refused.</returns>
    public async Task<int> ReapAsync(string? cloud, string? region, string tag, TimeSpan olderThan, bool dryRun,
        CancellationToken cancel)
    {
        using var session = CloudConnection.Open(context, cloud, region, log);
        var heat = new HeatClient(session);
        var cutoff = context.Time.GetUtcNow() - olderThan;
        var stacks = await heat.ListAsync(tag, cancel).ConfigureAwait(false);
        var old = stacks
            .Where(s => s.CreationTime is { } created && created <= cutoff && s.Status != "DELETE_IN_PROGRESS")
            .ToList();
        log.Information("{Count} of {Total} stacks tagged {Tag} were created before {Cutoff:u}",
            old.Count, stacks.Count, tag, cutoff);
        var failed = 0;
        foreach (var stack in old)
        {
            if (dryRun)
            {
                log.Information("would delete {StackName} ({Status}, created {Created:u})",
                    stack.Name, stack.Status, stack.CreationTime);
                continue;
            }
            try
            {
                await heat.DeleteAsync(stack, cancel).ConfigureAwait(false);
                log.Information("deleting {StackName} ({Status}, created {Created:u})",
                    stack.Name, stack.Status, stack.CreationTime);
            }
            catch (TraasException e)
            {
                failed++;
                log.Error("could not delete {StackName}: {Message}", stack.Name, e.Message);
            }
        }
        return failed;
    }

    /// <summary>
    /// The offline checks of a template and its environments, then Heat's own validate when asked.
    /// </summary>
    public async Task ValidateAsync(string? cloud, string? region, string template, IReadOnlyList<string> environments,
        bool withHeat, CancellationToken cancel)
    {
        // Reading the files is the first check: YAML errors (with their line) and missing get_file or registry files.
        var request = StackRequest.Build("validate", template, [.. environments], [], [], null, []);
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
        if (!withHeat)
            return;
        using var session = CloudConnection.Open(context, cloud, region, log);
        await new HeatClient(session).ValidateAsync(request, cancel).ConfigureAwait(false);
        log.Information("{Template}: Heat's validate passes in cloud {Cloud}", template, session.Cloud.Name);
    }
}
