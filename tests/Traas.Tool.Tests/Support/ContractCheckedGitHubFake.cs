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
/// A hand-written fake of the GitHub REST API, for what Prism cannot do (GitHub itself cannot run
/// here): it remembers comments, check runs and statuses, so that a sticky comment can be found and
/// updated. Every request is first sent to Prism, which checks it against GitHub's official OpenAPI
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
        prism = new HttpClient { BaseAddress = prismUrl, Timeout = TimeSpan.FromSeconds(60) };
        var port = PrismServer.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Url.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public List<RecordedRequest> Requests { get; } = [];

    public List<string> Violations { get; } = [];

    /// <summary>Comments per issue number: id and body, oldest first.</summary>
    public Dictionary<int, List<(long Id, string Body)>> Comments { get; } = [];

    public List<(long Id, JsonNode Create, List<JsonNode> Updates)> CheckRuns { get; } = [];

    public List<JsonNode> Statuses { get; } = [];

    /// <summary>Called for each valid request (with its number, from 1): a forced answer, or null for the fake's own.</summary>
    public Func<RecordedRequest, int, ForcedAnswer?> Force { get; set; } = (_, _) => null;

    public static async Task<ContractCheckedGitHubFake> StartAsync() => new((await PrismServer.GetAsync()).Url);

    /// <summary>The environment GitHub Actions gives a step, pointing at this fake.</summary>
    public Dictionary<string, string> Environment(string eventPath, string? stepSummary = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_TOKEN"] = "ghs_testtokenthatmustneverbeprinted",
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

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
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
        if ((int)verdict.StatusCode >= 400)
        {
            var problem = await verdict.Content.ReadAsStringAsync();
            lock (Violations)
                Violations.Add($"{request.HttpMethod} {request.Url.PathAndQuery}: Prism answered {(int)verdict.StatusCode}: {problem}");
            await AnswerAsync(context.Response, (int)verdict.StatusCode, problem, null);
            return;
        }
        if (Force(recorded, number) is { } forced)
        {
            await AnswerAsync(context.Response, forced.Status, forced.Body, forced.Headers);
            return;
        }
        var (status, body) = Route(request.HttpMethod, path, recorded.Body, request.QueryString["page"]);
        await AnswerAsync(context.Response, status, body.ToJsonString(), null);
    }

    private (int Status, JsonNode Body) Route(string method, string path, JsonNode? body, string? page)
    {
        lock (Comments)
        {
            if (CommentsPattern().Match(path) is { Success: true } comments)
            {
                var issue = int.Parse(comments.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var list = Comments.TryGetValue(issue, out var found) ? found : Comments[issue] = [];
                if (method == "GET")
                    return (200, page is null or "1" ? new JsonArray([.. list.Select(c => Comment(c.Id, c.Body))]) : new JsonArray());
                var id = ++nextId;
                list.Add((id, (string)body!["body"]!));
                return (201, Comment(id, (string)body["body"]!));
            }
            if (CommentPattern().Match(path) is { Success: true } one && method == "PATCH")
            {
                var id = long.Parse(one.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                foreach (var list in Comments.Values)
                {
                    var index = list.FindIndex(c => c.Id == id);
                    if (index >= 0)
                    {
                        list[index] = (id, (string)body!["body"]!);
                        return (200, Comment(id, list[index].Body));
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
            if (path.Contains("/statuses/", StringComparison.Ordinal) && method == "POST")
            {
                Statuses.Add(body!);
                return (201, new JsonObject { ["id"] = ++nextId, ["state"] = body!["state"]?.DeepClone(), ["context"] = body["context"]?.DeepClone() });
            }
        }
        return (404, new JsonObject { ["message"] = $"the fake does not serve {method} {path}" });
    }

    private static JsonObject Comment(long id, string body) => new()
    {
        ["id"] = id,
        ["body"] = body,
        ["user"] = new JsonObject { ["login"] = "github-actions[bot]", ["id"] = 41898282 },
        ["created_at"] = "2026-11-24T10:00:00Z",
        ["updated_at"] = "2026-11-24T10:00:00Z",
    };

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
}
