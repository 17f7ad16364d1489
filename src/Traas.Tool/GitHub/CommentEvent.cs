namespace Traas.Tool.GitHub;

/// <summary>
/// What an issue_comment event says (the webhook payload GitHub Actions writes to GITHUB_EVENT_PATH):
/// the comment, its author and the author's association with the repository, and the issue it is on,
/// which is a pull request when the issue has a <c>pull_request</c> object.
/// </summary>
internal sealed record CommentEvent(string Action, int Issue, bool OnPullRequest, long CommentId, string Body,
    string Author, string AuthorType, string Association)
{
    /// <summary>The event in <paramref name="path"/>; anything else is bad input (exit 2), in one line.</summary>
    public static CommentEvent Load(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraasException(ExitCodes.BadInput, $"--event {path}: cannot be read ({e.Message})");
        }
        catch (JsonException e)
        {
            throw new TraasException(ExitCodes.BadInput, $"--event {path}: not JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            try
            {
                var issue = Get(root, "issue");
                var comment = Get(root, "comment");
                var user = Get(comment, "user");
                return new CommentEvent(
                    Text(root, "action"),
                    (int)Number(issue, "number", int.MaxValue),
                    issue.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object,
                    Number(comment, "id", long.MaxValue),
                    comment.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String
                        ? body.GetString()! : "",
                    Text(user, "login"),
                    user.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                        ? type.GetString()! : "User",
                    Text(comment, "author_association"));
            }
            catch (Exception e) when (e is KeyNotFoundException or FormatException)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"--event {path}: not an issue_comment event ({e.Message}); run `traas-ci command` "
                        + "from a workflow `on: issue_comment`");
            }
        }
    }

    private static JsonElement Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new KeyNotFoundException($"no {name}");

    private static long Number(JsonElement element, string name, long max) =>
        Get(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number)
            && number > 0 && number <= max
            ? number
            : throw new FormatException($"{name} is not a positive whole number");

    private static string Text(JsonElement element, string name) =>
        Get(element, name) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()!
            : throw new FormatException($"{name} is not a string");
}
