using System.Collections.Specialized;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Traas.Tool.Tests.Support;

/// <summary>An artifact of a workflow run: its zip, and the size GitHub says it has (its zip's by default).</summary>
public sealed record FakeArtifact(long Id, string Name, byte[] Zip)
{
    public long? DeclaredSize { get; init; }

    public bool Expired { get; init; }
}

/// <summary>A workflow run as the fake lists it, with its artifacts.</summary>
public sealed record FakeWorkflowRun(long Id, string HeadSha, string Workflow, DateTimeOffset Started, TimeSpan Took)
{
    public List<FakeArtifact> Artifacts { get; } = [];

    public int Attempt { get; init; } = 1;

    public string Branch { get; init; } = "main";

    /// <summary>The run's conclusion: success, failure, cancelled...</summary>
    public string Conclusion { get; init; } = "success";

    /// <summary>What started the run: schedule, push, pull_request, pull_request_target...</summary>
    public string Event { get; init; } = "schedule";

    /// <summary>The repository of the run's head: a fork's for a pull request from one.</summary>
    public string HeadRepository { get; init; } = "traas-ci/demo";
}

/// <summary>
/// The Actions part of the fake: workflow runs (of the repository or of one workflow file), their
/// artifacts, and an artifact's zip, which GitHub answers with a redirect to its blob storage
/// (here a path of the fake's own, outside the API).
/// </summary>
public sealed partial class ContractCheckedGitHubFake
{
    /// <summary>Workflow runs, newest first as GitHub lists them.</summary>
    public List<FakeWorkflowRun> WorkflowRuns { get; } = [];

    /// <summary>The blob downloads the redirects led to (artifact ids).</summary>
    public List<long> BlobDownloads { get; } = [];

    /// <summary>Artifact-list requests' name filters, in order (null when none was given).</summary>
    public List<string?> ArtifactNameFilters { get; } = [];

    private (int Status, JsonNode Body)? RouteActions(string method, string path, NameValueCollection query)
    {
        if (method != "GET")
            return null;
        if (RunsPattern().Match(path) is { Success: true } runs)
        {
            var workflow = runs.Groups[1].Success ? runs.Groups[1].Value : null;
            // As GitHub: branch= and status= (a status or a conclusion) filter the list.
            var listed = WorkflowRuns.Where(r => workflow is null || r.Workflow == workflow)
                .Where(r => query["branch"] is not { } branch || r.Branch == branch)
                .Where(r => query["status"] is not { } status || status == "completed" || r.Conclusion == status)
                .Select(Run).ToList();
            return (200, new JsonObject { ["total_count"] = listed.Count, ["workflow_runs"] = new JsonArray([.. listed]) });
        }
        if (RunArtifactsPattern().Match(path) is { Success: true } artifacts)
        {
            var id = long.Parse(artifacts.Groups[1].Value, CultureInfo.InvariantCulture);
            var run = WorkflowRuns.SingleOrDefault(r => r.Id == id);
            if (run is null)
                return (404, new JsonObject { ["message"] = "Not Found" });
            ArtifactNameFilters.Add(query["name"]);
            var listed = run.Artifacts.Where(a => query["name"] is not { } name || a.Name == name)
                .Select(a => (JsonNode)Artifact(a, run)).ToList();
            return (200, new JsonObject { ["total_count"] = listed.Count, ["artifacts"] = new JsonArray([.. listed]) });
        }
        return null;
    }

    /// <summary>GET .../actions/artifacts/{id}/zip: 302 to the blob, as GitHub does.</summary>
    private ForcedAnswer? Redirect(RecordedRequest request) =>
        request.Method == "GET" && ZipPattern().Match(request.Path) is { Success: true } zip
            ? new ForcedAnswer(302, "", new Dictionary<string, string> { ["Location"] = $"{Url}_blobs/{zip.Groups[1].Value}" })
            : null;

    private async Task<bool> ServeBlobAsync(string path, HttpListenerResponse response)
    {
        if (!path.StartsWith("/_blobs/", StringComparison.Ordinal))
            return false;
        var id = long.Parse(path["/_blobs/".Length..], CultureInfo.InvariantCulture);
        FakeArtifact? artifact;
        lock (Comments)
        {
            BlobDownloads.Add(id);
            artifact = WorkflowRuns.SelectMany(r => r.Artifacts).FirstOrDefault(a => a.Id == id);
        }
        response.StatusCode = artifact is null ? 404 : 200;
        response.ContentType = "application/zip";
        var bytes = artifact?.Zip ?? [];
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
        return true;
    }

    private JsonObject Run(FakeWorkflowRun run) => new()
    {
        ["id"] = run.Id,
        ["node_id"] = $"WFR_{run.Id}",
        ["name"] = "traas periodic",
        ["head_branch"] = run.Branch,
        ["head_sha"] = run.HeadSha,
        ["path"] = $".github/workflows/{run.Workflow}",
        ["run_number"] = run.Id % 1000,
        ["run_attempt"] = run.Attempt,
        ["event"] = run.Event,
        ["status"] = "completed",
        ["conclusion"] = run.Conclusion,
        ["workflow_id"] = 77,
        ["url"] = $"https://api.github.example/repos/traas-ci/demo/actions/runs/{run.Id}",
        ["html_url"] = $"https://github.example/traas-ci/demo/actions/runs/{run.Id}",
        ["created_at"] = run.Started.ToString("O", CultureInfo.InvariantCulture),
        ["run_started_at"] = run.Started.ToString("O", CultureInfo.InvariantCulture),
        ["updated_at"] = (run.Started + run.Took).ToString("O", CultureInfo.InvariantCulture),
        ["repository"] = Repository("traas-ci/demo", 4200),
        ["head_repository"] = Repository(run.HeadRepository, run.HeadRepository == "traas-ci/demo" ? 4200 : 4201),
    };

    // The minimal-repository shape GitHub gives a run's repository and head_repository.
    private static JsonObject Repository(string fullName, long id) => new()
    {
        ["id"] = id,
        ["node_id"] = $"R_{id}",
        ["name"] = fullName.Split('/')[1],
        ["full_name"] = fullName,
        ["owner"] = new JsonObject { ["login"] = fullName.Split('/')[0] },
        ["private"] = false,
        ["html_url"] = $"https://github.example/{fullName}",
    };

    private JsonObject Artifact(FakeArtifact artifact, FakeWorkflowRun run) => new()
    {
        ["id"] = artifact.Id,
        ["node_id"] = $"MDg6QXJ0aWZhY3Q{artifact.Id}",
        ["name"] = artifact.Name,
        ["size_in_bytes"] = artifact.DeclaredSize ?? artifact.Zip.Length,
        ["url"] = $"https://api.github.example/repos/traas-ci/demo/actions/artifacts/{artifact.Id}",
        ["archive_download_url"] = $"{Url}repos/traas-ci/demo/actions/artifacts/{artifact.Id}/zip",
        ["expired"] = artifact.Expired,
        ["created_at"] = run.Started.ToString("O", CultureInfo.InvariantCulture),
        ["expires_at"] = run.Started.AddDays(90).ToString("O", CultureInfo.InvariantCulture),
        ["updated_at"] = run.Started.ToString("O", CultureInfo.InvariantCulture),
        ["workflow_run"] = new JsonObject { ["id"] = run.Id, ["head_sha"] = run.HeadSha },
    };

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/actions/(?:workflows/([^/]+)/)?runs$")]
    private static partial Regex RunsPattern();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/actions/runs/(\d+)/artifacts$")]
    private static partial Regex RunArtifactsPattern();

    [GeneratedRegex(@"^/repos/[^/]+/[^/]+/actions/artifacts/(\d+)/zip$")]
    private static partial Regex ZipPattern();
}
