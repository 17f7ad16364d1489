using System.Net;
using System.Net.Http.Json;

namespace Traas.Tool.OpenStack;

/// <summary>Heat's orchestration API v1 (https://docs.openstack.org/api-ref/orchestration/v1/).</summary>
internal sealed class HeatClient(CloudSession session)
{
    private const string Service = "orchestration";

    /// <summary>POST /stacks. A taken name is the user's error (409) and is said so.</summary>
    public async Task<string> CreateAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var name = (string)request["stack_name"]!;
        using var response = await session.SendAsync(Service,
            e => new HttpRequestMessage(HttpMethod.Post, $"{e}/stacks") { Content = JsonBody.Of(request) },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
            throw new TraasException(ExitCodes.BadInput,
                $"a stack named '{name}' already exists in cloud '{session.Cloud.Name}': delete it (traas-ci delete "
                    + $"{name}) or choose another name.");
        await EnsureSuccessAsync(response, $"create stack '{name}'", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        return (string)body!["stack"]!["id"]!;
    }

    /// <summary>GET /stacks/{name or id}: null when there is no such stack.</summary>
    public async Task<Stack?> FindAsync(string nameOrId, CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(Service,
            e => new HttpRequestMessage(HttpMethod.Get, $"{e}/stacks/{Uri.EscapeDataString(nameOrId)}"),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await EnsureSuccessAsync(response, $"show stack '{nameOrId}'", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        return Stack.From(body!["stack"]!);
    }

    /// <summary>GET /stacks/{name}/{id}/events after a marker, oldest first, nested stacks included.</summary>
    public async Task<IReadOnlyList<StackEvent>> EventsAsync(Stack stack, string? marker, int nestedDepth,
        CancellationToken cancellationToken)
    {
        var query = $"sort_dir=asc&nested_depth={nestedDepth}"
            + (marker is null ? "" : $"&marker={Uri.EscapeDataString(marker)}");
        var events = await GetArrayAsync($"/stacks/{Uri.EscapeDataString(stack.Name)}/{stack.Id}/events?{query}",
            "events", $"list the events of stack '{stack.Name}'", cancellationToken).ConfigureAwait(false);
        return events.OfType<JsonNode>().Select(StackEvent.From).ToList();
    }

    /// <summary>DELETE /stacks/{name}/{id}; a stack already gone is fine.</summary>
    public async Task DeleteAsync(Stack stack, CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(Service, e => new HttpRequestMessage(HttpMethod.Delete,
            $"{e}/stacks/{Uri.EscapeDataString(stack.Name)}/{stack.Id}"),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
            await EnsureSuccessAsync(response, $"delete stack '{stack.Name}'", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// PATCH /stacks/{name}/{id} with only `tags`: an update with the existing template, environment
    /// and parameters (Heat's "existing" update), so no resource changes and the stack becomes
    /// UPDATE_COMPLETE with the new tags. Heat replaces every tag, so give them all.
    /// </summary>
    public async Task UpdateTagsAsync(Stack stack, IEnumerable<string> tags, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["tags"] = string.Join(',', tags) };
        var path = $"/stacks/{Uri.EscapeDataString(stack.Name)}/{stack.Id}";
        using var response = await session.SendAsync(Service,
            e => new HttpRequestMessage(HttpMethod.Patch, e + path) { Content = JsonBody.Of(body) },
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, $"update the tags of stack '{stack.Name}'", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>GET /stacks?tags=TAG: the stacks carrying a tag (traas-ci tags what it creates).</summary>
    public async Task<IReadOnlyList<Stack>> ListAsync(string? tag, CancellationToken cancellationToken)
    {
        var query = tag is null ? "" : $"?tags={Uri.EscapeDataString(tag)}";
        var stacks = await GetArrayAsync($"/stacks{query}", "stacks", "list stacks", cancellationToken)
            .ConfigureAwait(false);
        return stacks.OfType<JsonNode>().Select(Stack.From).ToList();
    }

    /// <summary>POST /validate: Heat's own check of a template with its files and environment.</summary>
    public async Task ValidateAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        // Heat merges the parameters into the environment, as a create does (InstantiationData.environment).
        foreach (var key in new[] { "template", "files", "environment", "environment_files", "parameters" })
        {
            if (request[key] is { } value)
                body[key] = value.DeepClone();
        }
        using var response = await session.SendAsync(Service,
            e => new HttpRequestMessage(HttpMethod.Post, $"{e}/validate") { Content = JsonBody.Of(body) },
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "validate the template", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GET /stacks/{name}/{id}/resources?nested_depth=N: every resource, nested stacks' too.</summary>
    public async Task<IReadOnlyList<StackResource>> ResourcesAsync(Stack stack, int nestedDepth,
        CancellationToken cancellationToken)
    {
        var resources = await GetArrayAsync(
            $"/stacks/{Uri.EscapeDataString(stack.Name)}/{stack.Id}/resources?nested_depth={nestedDepth}",
            "resources", $"list the resources of stack '{stack.Name}'", cancellationToken).ConfigureAwait(false);
        return resources.OfType<JsonObject>().Select(StackResource.From).ToList();
    }

    /// <summary>
    /// Why a stack failed, as `openstack stack failures list` finds it: the failed resources with no
    /// failed resource below them (the deepest ones in nested stacks), with their reasons.
    /// </summary>
    public async Task<IReadOnlyList<StackResource>> RootCausesAsync(Stack stack, CancellationToken cancellationToken)
    {
        var resources = await ResourcesAsync(stack, nestedDepth: 10, cancellationToken).ConfigureAwait(false);
        var failed = resources.Where(r => r.Status.EndsWith("_FAILED", StringComparison.Ordinal)).ToList();
        // A nested stack's resource fails because something inside it failed: keep the innermost.
        return failed.Where(r => r.PhysicalId is null || !failed.Any(inner => inner.StackId == r.PhysicalId)).ToList();
    }

    /// <summary>GET <paramref name="path"/>: the array under <paramref name="key"/> of the answer.</summary>
    private async Task<JsonArray> GetArrayAsync(string path, string key, string what,
        CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(Service, e => new HttpRequestMessage(HttpMethod.Get, e + path),
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, what, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        return body![key]!.AsArray();
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string what,
        CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
            return;
        var explanation = await OpenStackError.ExplainAsync(response, cancellationToken).ConfigureAwait(false);
        // Heat's stack limit (max_stacks_per_tenant) answers 400 RequestLimitExceeded: no room, not a bad request.
        if (response.StatusCode == HttpStatusCode.BadRequest && CapacityRefusal.Find(explanation) is not null)
        {
            throw new TraasException(ExitCodes.NoCapacity,
                $"Heat in cloud '{session.Cloud.Name}' has no room to {what}: {explanation}");
        }
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            // The template, an environment or a parameter is wrong: the user's to fix, never retried.
            var hint = explanation.Contains("was not defined in template", StringComparison.Ordinal)
                ? " An environment's parameters section (or --parameter) sets a parameter the template does not "
                    + "declare; declare it, or move it to parameter_defaults, which may hold values a template "
                    + "does not use."
                : "";
            throw new TraasException(ExitCodes.BadInput, $"Heat rejected the request to {what}: {explanation}.{hint}");
        }
        throw new TraasException(ExitCodes.CloudError,
            $"Heat refused to {what} ({(int)response.StatusCode} {response.ReasonPhrase}) in cloud '"
                + $"{session.Cloud.Name}': {explanation}");
    }
}
