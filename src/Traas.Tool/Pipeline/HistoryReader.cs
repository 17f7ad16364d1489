using System.Xml;
using Traas.Reporting.History;
using Traas.Tool.GitHub;

namespace Traas.Tool.Pipeline;

/// <summary>
/// A folder of run states as the health page's runs: the folder itself and each folder in it (one
/// level) that holds a run-state.json, with its junit.xml (the failing tasks, the job's time) and
/// workflow-run.json (the run's page, commit and times) when they are there. A state that cannot be
/// read is skipped with a warning; nothing of it is trusted (the page encodes every text).
/// </summary>
internal sealed class HistoryReader(ILogger log)
{
    /// <summary>A state file bigger than this is no state of ours.</summary>
    private const long StateBytes = 1024 * 1024;

    private const int TasksPerRun = 200;
    private const int TextLength = 300;

    public IReadOnlyList<RunRecord> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"--from {folder}: no such folder; give a folder of run states (each run's run-state.json, "
                    + "in it or one folder down)");
        }
        var runs = new List<RunRecord>();
        var folders = new[] { folder }.Concat(Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal));
        foreach (var run in folders.Where(f => File.Exists(Path.Combine(f, ArtifactFiles.RunState))))
        {
            if (ReadRun(run) is { } record)
                runs.Add(record);
        }
        log.Information("{Runs} runs read from {Folder}", runs.Count, folder);
        return runs;
    }

    private RunRecord? ReadRun(string folder)
    {
        var statePath = Path.Combine(folder, ArtifactFiles.RunState);
        var state = ReadObject(statePath);
        if (state is null || Text(state["job_type"]) is not { Length: > 0 } jobType
            || Text(state["result"]) is not { Length: > 0 } result || JobResults.FromLabel(result) is null)
        {
            log.Warning("{Path}: not a run state with a job_type and a known result: skipped", statePath);
            return null;
        }
        var facts = ReadObject(Path.Combine(folder, GitHubRunHistory.WorkflowRunFile));
        var (seconds, failing) = ReadJUnit(Path.Combine(folder, ArtifactFiles.JUnit));
        var runStarted = Date(facts?["run_started_at"]);
        var started = Date(state["wait_started"]) ?? runStarted ?? File.GetLastWriteTimeUtc(statePath);
        var span = Date(facts?["updated_at"]) - runStarted;
        return new RunRecord(Cut(jobType), result, started)
        {
            Duration = seconds is { } s ? TimeSpan.FromSeconds(s) : span > TimeSpan.Zero ? span : null,
            Commit = Text(facts?["head_sha"]) is { } sha ? Cut(sha) : null,
            Url = Text(facts?["html_url"]) is { } url ? Cut(url) : null,
            FailingTasks = failing,
        };
    }

    /// <summary>The job's time (the root's time) and the failing testcases' names, read as a stream.</summary>
    private (double? Seconds, IReadOnlyList<string> Failing) ReadJUnit(string path)
    {
        if (!File.Exists(path))
            return (null, []);
        double? seconds = null;
        var failing = new List<string>();
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreWhitespace = true,
            });
            string? testcase = null;
            while (reader.Read() && failing.Count < TasksPerRun)
            {
                if (reader.NodeType != XmlNodeType.Element)
                    continue;
                if (reader.Name == "testsuites" && seconds is null
                    && double.TryParse(reader.GetAttribute("time"), NumberStyles.Float, CultureInfo.InvariantCulture,
                        out var time) && time >= 0)
                    seconds = time;
                else if (reader.Name == "testcase")
                    testcase = reader.GetAttribute("name");
                else if (reader.Name is "failure" or "error" && testcase is { Length: > 0 } name
                    && !failing.Contains(Cut(name)))
                    failing.Add(Cut(name));
            }
        }
        catch (XmlException e)
        {
            log.Warning("{Path}: not XML ({Reason}): its failing tasks are left out", path, e.Message);
        }
        // The job's own testcase says the job failed; it is no task.
        failing.Remove(Reporting.ReportGenerator.JobCaseName);
        return (seconds, failing);
    }

    private JsonObject? ReadObject(string path)
    {
        try
        {
            if (!File.Exists(path) || new FileInfo(path).Length > StateBytes)
                return null;
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            log.Warning("{Path}: cannot be read ({Reason})", path, e.Message);
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Date(JsonNode? node) =>
        Text(node) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    private static string Cut(string text) => text.Length <= TextLength ? text : text[..TextLength] + "…";
}
