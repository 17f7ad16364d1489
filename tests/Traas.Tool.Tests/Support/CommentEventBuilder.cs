using System.Text.Json.Nodes;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// An issue_comment event as GitHub Actions writes it to GITHUB_EVENT_PATH (the webhook payload), with
/// defaults: a new comment on pull request #7 by a member.
/// </summary>
public sealed record CommentEventBuilder
{
    public string Action { get; init; } = "created";

    public int Issue { get; init; } = 7;

    public bool OnPullRequest { get; init; } = true;

    public long CommentId { get; init; } = 555;

    public string Body { get; init; } = "recheck";

    public string Login { get; init; } = "alice";

    public string Association { get; init; } = "MEMBER";

    public CommentEventBuilder By(string login, string association) => this with { Login = login, Association = association };

    public JsonObject Build()
    {
        var issue = new JsonObject { ["number"] = Issue, ["title"] = "a change", ["state"] = "open" };
        if (OnPullRequest)
            issue["pull_request"] = new JsonObject { ["url"] = $"https://api.github.example/repos/traas-ci/demo/pulls/{Issue}" };
        return new JsonObject
        {
            ["action"] = Action,
            ["issue"] = issue,
            ["comment"] = new JsonObject
            {
                ["id"] = CommentId,
                ["body"] = Body,
                ["author_association"] = Association,
                ["user"] = new JsonObject { ["login"] = Login, ["id"] = 4711, ["type"] = "User" },
            },
            ["repository"] = new JsonObject { ["full_name"] = "traas-ci/demo" },
        };
    }

    public async Task<string> WriteAsync(string folder)
    {
        var path = Path.Combine(folder, $"comment-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, Build().ToJsonString());
        return path;
    }
}
