namespace Traas.Tool.GitHub;

/// <summary>
/// What GitHub Actions tells a step about where it runs: GITHUB_TOKEN, GITHUB_REPOSITORY,
/// GITHUB_SHA, GITHUB_EVENT_PATH (the pull request's number and head SHA), GITHUB_API_URL and
/// GITHUB_SERVER_URL (GitHub Enterprise too), GITHUB_RUN_ID. The token is never printed.
/// </summary>
internal sealed record GitHubContext(string Token, string Owner, string Repository, string HeadSha, int? PullRequest,
    Uri ApiUrl, Uri ServerUrl, string? RunId)
{
    /// <summary>The login the token publishes as: only its comments are taken for the sticky comment.</summary>
    public string CommentAuthor { get; init; } = CommentAuthors.Default;

    /// <summary>GITHUB_REF_NAME: the branch (or tag) the workflow runs on.</summary>
    public string? RefName { get; init; }

    /// <summary>GITHUB_BASE_REF: a pull request's base branch (unset for other events).</summary>
    public string? BaseRef { get; init; }

    /// <summary>
    /// The branch whose passing runs are this run's baseline: a pull request's base, else the run's own branch.
    /// </summary>
    public string? BaselineBranch => BaseRef ?? RefName;

    /// <summary>GITHUB_RUN_ATTEMPT: which try of the workflow run this is (a re-run counts up).</summary>
    public string RunAttempt { get; init; } = "1";

    /// <summary>
    /// The pull request's title and description (its Depends-On lines), from the event (<see
    /// cref="DependsOn.PullMessage"/>).
    /// </summary>
    public string? PullRequestMessage { get; init; }

    /// <summary>The workflow run's page, for details_url and links.</summary>
    public string? RunUrl => RunId is null
        ? null
        : $"{ServerUrl.ToString().TrimEnd('/')}/{Owner}/{Repository}/actions/runs/{RunId}";

    /// <summary>
    /// Null when there is no GitHub context (GITHUB_TOKEN or GITHUB_REPOSITORY unset): nothing to publish to.
    /// </summary>
    public static GitHubContext? FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var token = environment.GetValueOrDefault("GITHUB_TOKEN");
        var repository = environment.GetValueOrDefault("GITHUB_REPOSITORY");
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(repository))
            return null;
        var parts = repository.Split('/');
        if (parts.Length != 2 || parts.Any(string.IsNullOrWhiteSpace))
            throw new TraasException(ExitCodes.BadInput, $"GITHUB_REPOSITORY is '{repository}', not owner/name");
        var sha = environment.GetValueOrDefault("GITHUB_SHA") ?? "";
        int? pullRequest = null;
        string? message = null;
        if (environment.GetValueOrDefault("GITHUB_EVENT_PATH") is { Length: > 0 } eventPath && File.Exists(eventPath))
            (pullRequest, sha, message) = ReadEvent(eventPath, sha);
        if (sha.Length == 0)
        {
            throw new TraasException(ExitCodes.BadInput,
                "no commit to report on: GITHUB_SHA is unset and the event has no pull request head");
        }
        return new GitHubContext(token, parts[0], parts[1], sha, pullRequest,
            Url(environment, "GITHUB_API_URL", "https://api.github.com"),
            Url(environment, "GITHUB_SERVER_URL", "https://github.com"),
            environment.GetValueOrDefault("GITHUB_RUN_ID") is { Length: > 0 } run ? run : null)
        {
            PullRequestMessage = message,
            RefName = environment.GetValueOrDefault("GITHUB_REF_NAME") is { Length: > 0 } refName ? refName : null,
            BaseRef = environment.GetValueOrDefault("GITHUB_BASE_REF") is { Length: > 0 } baseRef ? baseRef : null,
            RunAttempt = environment.GetValueOrDefault("GITHUB_RUN_ATTEMPT") is { Length: > 0 } attempt ? attempt : "1",
        };
    }

    /// <summary>
    /// For a pull_request event, the PR's number, head SHA (GITHUB_SHA is then the merge commit) and message.
    /// </summary>
    private static (int? PullRequest, string Sha, string? Message) ReadEvent(string path, string sha)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("pull_request", out var pr)
                || pr.ValueKind != JsonValueKind.Object)
                return (null, sha, null);
            var number = pr.TryGetProperty("number", out var n) && n.TryGetInt32(out var value) ? value : (int?)null;
            var head = pr.TryGetProperty("head", out var h) && h.TryGetProperty("sha", out var s)
                ? s.GetString()
                : null;
            return (number, head ?? sha, DependsOn.PullMessage(Text(pr, "title"), Text(pr, "body")));
        }
        catch (JsonException e)
        {
            throw new TraasException(ExitCodes.BadInput, $"GITHUB_EVENT_PATH {path} is not JSON: {e.Message}");
        }
    }

    private static string? Text(JsonElement pr, string name) =>
        pr.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Uri Url(IReadOnlyDictionary<string, string> environment, string name, string fallback)
    {
        var text = environment.GetValueOrDefault(name) is { Length: > 0 } value ? value : fallback;
        return Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new TraasException(ExitCodes.BadInput, $"{name} is '{text}', not an http(s) address");
    }

    public override string ToString() =>
        $"{Owner}/{Repository}@{HeadSha[..Math.Min(12, HeadSha.Length)]}"
            + $"{(PullRequest is { } pr ? $" (PR #{pr})" : "")}";
}
