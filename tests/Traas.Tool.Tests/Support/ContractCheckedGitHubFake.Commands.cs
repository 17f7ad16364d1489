using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Traas.Tool.Tests.Support;

/// <summary>A check run another App put on a commit (publish's own are in <see cref="ContractCheckedGitHubFake.CheckRuns"/>).</summary>
public sealed record ForeignCheckRun(string Sha, string Name, string ExternalId, string AppSlug);

/// <summary>
/// The part of the fake that PR commands use: collaborators' permissions, reactions on comments, the pull
/// request's head, the check runs on a commit (publish's, made by the github-actions App, and others'), and
/// re-runs of workflow runs. Like the rest, every request has passed Prism first.
/// </summary>
public sealed partial class ContractCheckedGitHubFake
{
    /// <summary>Repository permission and role by login (GET .../collaborators/{user}/permission); others are 404.</summary>
    public Dictionary<string, (string Permission, string Role)> Permissions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reactions as (comment ID, content), in the order they came.</summary>
    public List<(long Comment, string Content)> Reactions { get; } = [];

    /// <summary>Head SHAs of pull requests by number (GET /repos/{owner}/{repo}/pulls/{n}).</summary>
    public Dictionary<int, string> PullHeads { get; } = [];

    /// <summary>Pull requests (of <see cref="PullHeads"/>) that are closed.</summary>
    public HashSet<int> ClosedPulls { get; } = [];

    public List<ForeignCheckRun> ForeignCheckRuns { get; } = [];

    /// <summary>Workflow runs re-run (POST .../actions/runs/{id}/rerun), in order.</summary>
    public List<long> Reruns { get; } = [];

    /// <summary>Runs still in progress: GitHub refuses to re-run them (403).</summary>
    public HashSet<long> RunningRuns { get; } = [];

    private (int Status, JsonNode Body)? RouteCommands(string method, string path, JsonNode? body)
    {
        if (PermissionPattern().Match(path) is { Success: true } permission && method == "GET")
        {
            var login = Uri.UnescapeDataString(permission.Groups[1].Value);
            return Permissions.TryGetValue(login, out var found)
                ? (200, new JsonObject
                {
                    ["permission"] = found.Permission,
                    ["role_name"] = found.Role,
                    ["user"] = new JsonObject { ["login"] = login, ["id"] = 1, ["type"] = "User" },
                })
                : (404, new JsonObject { ["message"] = $"{login} is not a user" });
        }
        if (ReactionsPattern().Match(path) is { Success: true } reaction && method == "POST")
        {
            var comment = long.Parse(reaction.Groups[1].Value, CultureInfo.InvariantCulture);
            Reactions.Add((comment, (string)body!["content"]!));
            return (201, new JsonObject { ["id"] = ++nextId, ["content"] = body["content"]!.DeepClone() });
        }
        if (PullPattern().Match(path) is { Success: true } pull && method == "GET"
            && PullHeads.TryGetValue(int.Parse(pull.Groups[2].Value, CultureInfo.InvariantCulture), out var head))
        {
            return (200, new JsonObject
            {
                ["number"] = int.Parse(pull.Groups[2].Value, CultureInfo.InvariantCulture),
                ["state"] = ClosedPulls.Contains(int.Parse(pull.Groups[2].Value, CultureInfo.InvariantCulture))
                    ? "closed"
                    : "open",
                ["head"] = new JsonObject { ["sha"] = head, ["ref"] = "topic" },
                ["base"] = new JsonObject { ["ref"] = "main" },
            });
        }
        if (CommitCheckRunsPattern().Match(path) is { Success: true } commit && method == "GET")
        {
            var sha = commit.Groups[1].Value;
            var ours = CheckRuns.Where(r => (string?)r.Create["head_sha"] == sha)
                .Select(r => CheckRun(r.Id, sha, (string)r.Create["name"]!, (string?)r.Create["external_id"], "github-actions"));
            var theirs = ForeignCheckRuns.Where(r => r.Sha == sha)
                .Select(r => CheckRun(++nextId, sha, r.Name, r.ExternalId, r.AppSlug));
            var all = new JsonArray([.. ours, .. theirs]);
            return (200, new JsonObject { ["total_count"] = all.Count, ["check_runs"] = all });
        }
        if (RerunPattern().Match(path) is { Success: true } rerun && method == "POST")
        {
            var id = long.Parse(rerun.Groups[1].Value, CultureInfo.InvariantCulture);
            if (RunningRuns.Contains(id))
                return (403, new JsonObject { ["message"] = "This workflow is already running" });
            Reruns.Add(id);
            return (201, new JsonObject());
        }
        return null;
    }

    private static JsonObject CheckRun(long id, string sha, string name, string? externalId, string app) => new()
    {
        ["id"] = id,
        ["head_sha"] = sha,
        ["name"] = name,
        ["external_id"] = externalId,
        ["status"] = "completed",
        ["conclusion"] = "failure",
        ["app"] = new JsonObject { ["id"] = 15368, ["slug"] = app, ["name"] = app },
    };

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/collaborators/([^/]+)/permission$")]
    private static partial Regex PermissionPattern();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/issues/comments/(\d+)/reactions$")]
    private static partial Regex ReactionsPattern();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/commits/([^/]+)/check-runs$")]
    private static partial Regex CommitCheckRunsPattern();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/actions/runs/(\d+)/rerun$")]
    private static partial Regex RerunPattern();
}
