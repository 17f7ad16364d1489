using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Traas.Tool.Tests.Support;

/// <summary>One request the tool sent, as the fake received it.</summary>
public sealed record RecordedRequest(string Method, string Path, JsonNode? Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>An answer a test forces instead of the fake's own (rate limits, failures).</summary>
public sealed record ForcedAnswer(int Status, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A GitHub account as the REST API shows it in a comment's user: login, id, type (User or Bot; a
/// GitHub App acts as its bot, APP-SLUG[bot]) and its association with the repository.
/// </summary>
public sealed record GitHubAccount(string Login, long Id, string Type, string Association = "NONE")
{
    /// <summary>Who GITHUB_TOKEN acts as in GitHub Actions.</summary>
    public static GitHubAccount ActionsBot { get; } = new("github-actions[bot]", 41898282, "Bot");

    /// <summary>The GitHub App behind a bot account (null for a person).</summary>
    public string? AppSlug => Type == "Bot" && Login.EndsWith("[bot]", StringComparison.Ordinal) ? Login[..^5] : null;
}

/// <summary>A comment the fake keeps: who wrote it matters, as it does on GitHub.</summary>
public sealed record StoredComment(long Id, string Body, GitHubAccount Author);

/// <summary>
/// A hand-written fake of the GitHub REST API, for what Prism cannot do (GitHub itself cannot run
/// here): it remembers comments, check runs and statuses, so that a sticky comment can be found and
/// updated. Each token acts as an account (<see cref="Tokens"/>), and a comment records its author as
/// GitHub does (user.login, user.type, author_association, performed_via_github_app); like GitHub, it
/// lets any token with write access edit anyone's comment, so only the tool can keep off others'. Every request is first sent to Prism, which checks it against GitHub's official OpenAPI
/// description: a request Prism refuses is recorded in <see cref="Violations"/> and answered with
/// Prism's own error, and the tests assert there are none.
/// </summary>
public sealed partial class ContractCheckedGitHubFake : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly HttpClient prism;
    private readonly Task loop;
    private long nextId = 1000;

    private ContractCheckedGitHubFake(Uri prismUrl)
    {
        // Prism answers a redirecting endpoint (an artifact's zip) with its example redirect: not followed.
        prism = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = prismUrl, Timeout = TimeSpan.FromSeconds(60) };
        var port = PrismServer.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public List<RecordedRequest> Requests { get; } = [];

    public List<string> Violations { get; } = [];

    /// <summary>The token GitHub Actions gives a step in <see cref="Environment"/>.</summary>
    public const string ActionsToken = "ghs_testtokenthatmustneverbeprinted";

    /// <summary>Who each token acts as; a request with another token is answered 401.</summary>
    public Dictionary<string, GitHubAccount> Tokens { get; } = new() { [ActionsToken] = GitHubAccount.ActionsBot };

    /// <summary>Comments per issue number, oldest first.</summary>
    public Dictionary<int, List<StoredComment>> Comments { get; } = [];

    public List<(long Id, JsonNode Create, List<JsonNode> Updates)> CheckRuns { get; } = [];

    public List<JsonNode> Statuses { get; } = [];

    /// <summary>Commit messages by SHA (GET /repos/{owner}/{repo}/commits/{sha}).</summary>
    public Dictionary<string, string> Commits { get; } = [];

    /// <summary>Pull requests by "owner/repo#N" (GET /repos/{owner}/{repo}/pulls/{n}).</summary>
    public Dictionary<string, FakePull> Pulls { get; } = [];

    /// <summary>Called for each valid request (with its number, from 1): a forced answer, or null for the fake's own.</summary>
    public Func<RecordedRequest, int, ForcedAnswer?> Force { get; set; } = (_, _) => null;

    public static async Task<ContractCheckedGitHubFake> StartAsync() => new((await PrismServer.GetAsync()).Url);

    /// <summary>The environment GitHub Actions gives a step, pointing at this fake.</summary>
    public Dictionary<string, string> Environment(string eventPath, string? stepSummary = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_TOKEN"] = ActionsToken,
            ["GITHUB_REPOSITORY"] = "traas-ci/demo",
            ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_API_URL"] = Url.ToString().TrimEnd('/'),
            ["GITHUB_SERVER_URL"] = "https://github.example",
            ["GITHUB_RUN_ID"] = "4242",
            ["TRAAS_GITHUB_BACKOFF"] = "1",
        };
        if (stepSummary is not null)
            environment["GITHUB_STEP_SUMMARY"] = stepSummary;
        return environment;
    }

    /// <summary>A comment someone else posted on the pull request (as if through GitHub's web page).</summary>
    public StoredComment AddComment(int issue, string body, GitHubAccount author)
    {
        lock (Comments)
        {
            var comment = new StoredComment(++nextId, body, author);
            (Comments.TryGetValue(issue, out var list) ? list : Comments[issue] = []).Add(comment);
            return comment;
        }
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        try
        {
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // Close binds the port again to drop its prefix (managed HttpListener on Linux); another
            // process may have the freed port by then. The listener is stopped either way.
        }
        try
        {
            await loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
            // Stopped.
        }
        prism.Dispose();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                await HandleAsync(context);
            }
            catch (Exception e)
            {
                lock (Violations)
                    Violations.Add($"the fake failed on {context.Request.HttpMethod} {context.Request.Url}: {e}");
                await AnswerAsync(context.Response, 500, "{\"message\":\"fake failed\"}", null);
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var path = request.Url!.AbsolutePath;
        if (await ServeBlobAsync(path, context.Response))
            return;
        var headers = request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => request.Headers[k]!, StringComparer.OrdinalIgnoreCase);

        // First the contract: Prism checks the request against GitHub's description.
        using var check = new HttpRequestMessage(new HttpMethod(request.HttpMethod), request.Url.PathAndQuery.TrimStart('/'));
        foreach (var name in new[] { "Authorization", "User-Agent" })
        {
            if (headers.TryGetValue(name, out var value))
                check.Headers.TryAddWithoutValidation(name, value);
        }
        // GitHub's media types (application/vnd.github.v3+json, as Octokit asks) are JSON; the
        // description lists its responses as application/json, and Prism negotiates on that.
        if (headers.TryGetValue("Accept", out var accept))
            check.Headers.TryAddWithoutValidation("Accept", VendorJson().Replace(accept, "application/json"));
        if (text.Length > 0)
            check.Content = new StringContent(text, Encoding.UTF8, "application/json");
        using var verdict = await prism.SendAsync(check);
        var recorded = new RecordedRequest(request.HttpMethod, path, text.Length > 0 ? JsonNode.Parse(text) : null, headers);
        int number;
        lock (Requests)
        {
            Requests.Add(recorded);
            number = Requests.Count;
        }
        var problem = (int)verdict.StatusCode >= 400 ? await verdict.Content.ReadAsStringAsync() : "";
        if ((int)verdict.StatusCode >= 400 && !OnlyPrismsOwnExample(problem))
        {
            lock (Violations)
                Violations.Add($"{request.HttpMethod} {request.Url.PathAndQuery}: Prism answered {(int)verdict.StatusCode}: {problem}");
            await AnswerAsync(context.Response, (int)verdict.StatusCode, problem, null);
            return;
        }
        if ((Force(recorded, number) ?? Redirect(recorded)) is { } forced)
        {
            await AnswerAsync(context.Response, forced.Status, forced.Body, forced.Headers);
            return;
        }
        if (Caller(headers) is not { } caller)
        {
            await AnswerAsync(context.Response, 401, """{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}""", null);
            return;
        }
        var (status, body) = RouteMore(request.HttpMethod, path, recorded.Body, request.QueryString, caller)
            ?? Route(request.HttpMethod, path, recorded.Body, request.QueryString["page"], caller);
        await AnswerAsync(context.Response, status, body.ToJsonString(), null);
    }

    /// <summary>
    /// Prism checks its own example answer too, and GitHub's description has examples that fail its
    /// schemas (a pull request's requested_teams without their type): a verdict whose every violation
    /// is in the response says nothing of the request, which is what the contract is about.
    /// </summary>
    private static bool OnlyPrismsOwnExample(string problem)
    {
        try
        {
            return JsonNode.Parse(problem)?["validation"] is JsonArray { Count: > 0 } violations
                && violations.All(v => (string?)v?["location"]?[0] == "response");
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private GitHubAccount? Caller(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue("Authorization", out var value) && value.Split(' ', 2) is [_, var token] && Tokens.TryGetValue(token.Trim(), out var account)
            ? account
            : null;

    private (int Status, JsonNode Body) Route(string method, string path, JsonNode? body, string? page, GitHubAccount caller)
    {
        lock (Comments)
        {
            if (RouteCommands(method, path, body) is { } command)
                return command;
            if (CommentsPattern().Match(path) is { Success: true } comments)
            {
                var issue = int.Parse(comments.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var list = Comments.TryGetValue(issue, out var found) ? found : Comments[issue] = [];
                if (method == "GET")
                    return (200, page is null or "1" ? new JsonArray([.. list.Select(Comment)]) : new JsonArray());
                var comment = new StoredComment(++nextId, (string)body!["body"]!, caller);
                list.Add(comment);
                return (201, Comment(comment));
            }
            if (CommentPattern().Match(path) is { Success: true } one && method == "PATCH")
            {
                var id = long.Parse(one.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                foreach (var list in Comments.Values)
                {
                    var index = list.FindIndex(c => c.Id == id);
                    if (index >= 0)
                    {
                        // The author stays whoever wrote it, as on GitHub.
                        list[index] = list[index] with { Body = (string)body!["body"]! };
                        return (200, Comment(list[index]));
                    }
                }
                return (404, new JsonObject { ["message"] = "Not Found" });
            }
            if (path.EndsWith("/check-runs", StringComparison.Ordinal) && method == "POST")
            {
                var id = ++nextId;
                CheckRuns.Add((id, body!, []));
                return (201, new JsonObject { ["id"] = id, ["name"] = body!["name"]?.DeepClone(), ["head_sha"] = body["head_sha"]?.DeepClone(), ["status"] = "completed" });
            }
            if (CheckRunPattern().Match(path) is { Success: true } run && method == "PATCH")
            {
                var id = long.Parse(run.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                CheckRuns.Single(r => r.Id == id).Updates.Add(body!);
                return (200, new JsonObject { ["id"] = id, ["status"] = "completed" });
            }
            if (CommitPattern().Match(path) is { Success: true } commit && method == "GET")
            {
                return Commits.TryGetValue(commit.Groups[1].Value, out var message)
                    ? (200, new JsonObject { ["sha"] = commit.Groups[1].Value, ["commit"] = new JsonObject { ["message"] = message } })
                    : (404, new JsonObject { ["message"] = "No commit found for SHA" });
            }
            if (PullPattern().Match(path) is { Success: true } pull && method == "GET")
            {
                return Pulls.TryGetValue($"{pull.Groups[1].Value}#{pull.Groups[2].Value}", out var found)
                    ? (200, PullAnswer(int.Parse(pull.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), found))
                    : (404, new JsonObject { ["message"] = "Not Found" });
            }
            if (path.Contains("/statuses/", StringComparison.Ordinal) && method == "POST")
            {
                Statuses.Add(body!);
                return (201, new JsonObject { ["id"] = ++nextId, ["state"] = body!["state"]?.DeepClone(), ["context"] = body["context"]?.DeepClone() });
            }
        }
        return (404, new JsonObject { ["message"] = $"the fake does not serve {method} {path}" });
    }

    private static JsonObject PullAnswer(int number, FakePull pull)
    {
        var answer = new JsonObject
        {
            ["number"] = number,
            ["state"] = pull.State,
            ["merged"] = pull.Merged,
            // Octokit's Merged is merged_at's having a value.
            ["merged_at"] = pull.Merged ? "2026-11-30T12:00:00Z" : null,
            ["base"] = new JsonObject { ["ref"] = pull.Base },
            ["title"] = pull.Title,
            ["body"] = pull.Body,
        };
        if (pull.Head is not null)
            answer["head"] = new JsonObject { ["sha"] = pull.Head, ["ref"] = "topic" };
        return answer;
    }

    /// <summary>An issue comment as the REST API returns it (webhooks' issue-comment and user schemas).</summary>
    private static JsonObject Comment(StoredComment comment)
    {
        var url = $"https://api.github.example/repos/traas-ci/demo/issues/comments/{comment.Id}";
        var author = comment.Author;
        return new JsonObject
        {
            ["id"] = comment.Id,
            ["node_id"] = $"IC_{comment.Id}",
            ["url"] = url,
            ["html_url"] = $"https://github.example/traas-ci/demo/pull/7#issuecomment-{comment.Id}",
            ["issue_url"] = "https://api.github.example/repos/traas-ci/demo/issues/7",
            ["body"] = comment.Body,
            ["user"] = new JsonObject
            {
                ["login"] = author.Login,
                ["id"] = author.Id,
                ["node_id"] = $"{(author.Type == "Bot" ? "BOT" : "U")}_{author.Id}",
                ["avatar_url"] = $"https://avatars.githubusercontent.com/u/{author.Id}?v=4",
                ["url"] = $"https://api.github.example/users/{Uri.EscapeDataString(author.Login)}",
                ["html_url"] = author.AppSlug is { } slug ? $"https://github.example/apps/{slug}" : $"https://github.example/{author.Login}",
                ["type"] = author.Type,
                ["site_admin"] = false,
            },
            ["author_association"] = author.Association,
            // A comment written with an App's installation token (GITHUB_TOKEN is the github-actions App's)
            // names the App; one written by a person through the web page has none.
            ["performed_via_github_app"] = author.AppSlug is { } app
                ? new JsonObject { ["id"] = author.Id % 100000, ["slug"] = app, ["node_id"] = $"A_{app}", ["name"] = app }
                : null,
            ["reactions"] = new JsonObject { ["url"] = url + "/reactions", ["total_count"] = 0 },
            ["created_at"] = "2026-11-24T10:00:00Z",
            ["updated_at"] = "2026-11-24T10:00:00Z",
        };
    }

    private static async Task AnswerAsync(HttpListenerResponse response, int status, string body, IReadOnlyDictionary<string, string>? headers)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            response.Headers[name] = value;
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    [GeneratedRegex(@"application/vnd\.github[^,;]*\+json")]
    private static partial Regex VendorJson();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/issues/(\d+)/comments$")]
    private static partial Regex CommentsPattern();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/issues/comments/(\d+)$")]
    private static partial Regex CommentPattern();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/check-runs/(\d+)$")]
    private static partial Regex CheckRunPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^/repos/[^/]+/[^/]+/commits/([0-9a-f]{7,40})$")]
    private static partial System.Text.RegularExpressions.Regex CommitPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^/repos/([^/]+/[^/]+)/pulls/([0-9]+)$")]
    private static partial System.Text.RegularExpressions.Regex PullPattern();
}

/// <summary>A pull request the fake serves: its base branch, its head commit (null: no "head" in the answer), its state, its body.</summary>
public sealed record FakePull(string Base, string? Head, string State = "open", bool Merged = false, string? Body = null,
    string Title = "A change");
