using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Traas.Tool.Tests.Support;

/// <summary>An issue the fake keeps: its labels, state and author, as GitHub has them.</summary>
public sealed record StoredIssue(int Number, string Title, string Body, string State, IReadOnlyList<string> Labels, GitHubAccount Author)
{
    public string? StateReason { get; init; }

    public int? Milestone { get; init; }
}

/// <summary>The issues part of the fake: list (by label and state), create, update; comments go through the comments part.</summary>
public sealed partial class ContractCheckedGitHubFake
{
    private int nextIssue = 100;

    /// <summary>Issues by number.</summary>
    public SortedDictionary<int, StoredIssue> Issues { get; } = [];

    /// <summary>An issue someone opened (as if through GitHub's web page).</summary>
    public StoredIssue AddIssue(string title, string body, GitHubAccount author, params string[] labels)
    {
        lock (Comments)
        {
            var issue = new StoredIssue(++nextIssue, title, body, "open", labels, author);
            Issues[issue.Number] = issue;
            return issue;
        }
    }

    /// <summary>A person edits an issue's body through GitHub's web page.</summary>
    public void EditIssue(int number, Func<StoredIssue, StoredIssue> edit)
    {
        lock (Comments)
            Issues[number] = edit(Issues[number]);
    }

    /// <summary>The routes this part serves, or null for the others'.</summary>
    private (int Status, JsonNode Body)? RouteMore(string method, string path, JsonNode? body, NameValueCollection query, GitHubAccount caller)
    {
        lock (Comments)
        {
            if (IssuesPattern().IsMatch(path) && method == "GET")
            {
                var labels = (query["labels"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
                var state = query["state"] ?? "open";
                var found = Issues.Values.Where(i => (state == "all" || i.State == state) && labels.All(i.Labels.Contains));
                return (200, new JsonArray([.. (query["page"] is null or "1" ? found : []).Select(Issue)]));
            }
            if (IssuesPattern().IsMatch(path) && method == "POST")
            {
                var labels = body!["labels"]?.AsArray().Select(l => (string)l!).ToList() ?? [];
                var issue = new StoredIssue(++nextIssue, (string)body["title"]!, (string?)body["body"] ?? "", "open", labels, caller);
                Issues[issue.Number] = issue;
                return (201, Issue(issue));
            }
            if (IssuePattern().Match(path) is { Success: true } one && method == "PATCH")
            {
                var number = int.Parse(one.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!Issues.TryGetValue(number, out var issue))
                    return (404, new JsonObject { ["message"] = "Not Found" });
                issue = issue with
                {
                    Title = (string?)body!["title"] ?? issue.Title,
                    Body = (string?)body["body"] ?? issue.Body,
                    State = (string?)body["state"] ?? issue.State,
                    Labels = body["labels"] is JsonArray labels ? [.. labels.Select(l => (string)l!)] : issue.Labels,
                    StateReason = (string?)body["state_reason"] ?? issue.StateReason,
                    // As GitHub: a milestone sent as null clears it.
                    Milestone = body.AsObject().ContainsKey("milestone") ? (int?)body["milestone"] : issue.Milestone,
                };
                Issues[number] = issue;
                return (200, Issue(issue));
            }
        }
        return RouteActions(method, path, query);
    }

    /// <summary>An issue as the REST API returns it.</summary>
    private static JsonObject Issue(StoredIssue issue)
    {
        var url = $"https://api.github.example/repos/traas-ci/demo/issues/{issue.Number}";
        return new JsonObject
        {
            ["id"] = 500000 + issue.Number,
            ["node_id"] = $"I_{issue.Number}",
            ["url"] = url,
            ["html_url"] = $"https://github.example/traas-ci/demo/issues/{issue.Number}",
            ["number"] = issue.Number,
            ["state"] = issue.State,
            ["state_reason"] = issue.StateReason,
            ["title"] = issue.Title,
            ["body"] = issue.Body,
            ["user"] = new JsonObject
            {
                ["login"] = issue.Author.Login,
                ["id"] = issue.Author.Id,
                ["type"] = issue.Author.Type,
                ["site_admin"] = false,
            },
            ["labels"] = new JsonArray([.. issue.Labels.Select((l, i) => (JsonNode)new JsonObject { ["id"] = 700 + i, ["name"] = l, ["color"] = "ededed", ["default"] = false })]),
            ["milestone"] = issue.Milestone is { } m ? new JsonObject { ["number"] = m, ["title"] = $"m{m}", ["state"] = "open" } : null,
            ["locked"] = false,
            ["comments"] = 0,
            ["author_association"] = issue.Author.Association,
            ["created_at"] = "2026-11-24T10:00:00Z",
            ["updated_at"] = "2026-11-24T10:00:00Z",
        };
    }

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/issues$")]
    private static partial Regex IssuesPattern();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/issues/(\d+)$")]
    private static partial Regex IssuePattern();
}
