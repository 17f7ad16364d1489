using System.Xml;
using System.Xml.Linq;

namespace Traas.Tool.GitHub;

/// <summary>A failing task as junit.xml has it: where in the log, what failed.</summary>
internal sealed record FailingTask(string Name, string Play, string Message, int? Line);

/// <summary>
/// What `report` (and `run`) left in the artifacts folder, as `publish` reads it: the job type and
/// result class (run-state.json when a run wrote one, else junit.xml), the failing tasks
/// (junit.xml), the summaries, and traas.log for the known-failure fingerprints.
/// </summary>
internal sealed partial record JobArtifacts(string Folder, string JobType, JobResult Result,
    IReadOnlyList<FailingTask> Failures, string CommentSummary, string StepSummary)
{
    /// <summary>Where the run hosted the console page (run-state.json), when it did: an absolute http(s) URL.</summary>
    public string? ConsoleUrl { get; init; }

    /// <summary>The start of new-lines.md (a failed run's new lines, `traas-ci diff`), when there is one.</summary>
    public string? NewLines { get; init; }

    public string LogPath => Path.Combine(Folder, ArtifactFiles.Log);

    public static JobArtifacts Load(string folder)
    {
        var junitPath = Path.Combine(folder, ArtifactFiles.JUnit);
        if (!File.Exists(junitPath))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"no {ArtifactFiles.JUnit} in "
                    + $"{folder}: run `traas-ci report` (or `run`) first, or give --artifacts the folder it wrote");
        }
        XElement root;
        try
        {
            root = XDocument.Load(junitPath).Root!;
        }
        catch (XmlException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{junitPath} is not XML ({e.Message}); run `traas-ci report` again");
        }
        var failures = root.Descendants("testcase")
            .Select(c => (Case: c, Problem: c.Element("failure") ?? c.Element("error")))
            .Where(x => x.Problem is not null)
            .Select(x => new FailingTask((string?)x.Case.Attribute("name") ?? "",
                (string?)x.Case.Attribute("classname") ?? "",
                (string?)x.Problem!.Attribute("message") ?? "",
                LinePattern().Match(x.Problem.Value) is { Success: true } m
                    ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                    : null))
            .ToList();
        var state = ReadState(Path.Combine(folder, ArtifactFiles.RunState));
        var jobType = Text(state?["job_type"]) ?? (string?)root.Attribute("name") ?? "traas job";
        var result = JobResults.FromLabel(Text(state?["result"])) ?? FromJobCase(root);
        return new JobArtifacts(folder, jobType, result, failures,
            ReadText(folder, ArtifactFiles.CommentSummary), ReadText(folder, ArtifactFiles.Summary))
        {
            ConsoleUrl = Text(state?["console_url"]) is { } url
                && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                    ? uri.AbsoluteUri : null,
            NewLines = ReadStart(Path.Combine(folder, ArtifactFiles.NewLinesSummary), CommentBody.NewLinesLimit + 1),
        };
    }

    /// <summary>The first <paramref name="chars"/> characters of a file that exists: never read whole.</summary>
    private static string? ReadStart(string path, int chars)
    {
        if (!File.Exists(path))
            return null;
        using var reader = new StreamReader(path, Encoding.UTF8);
        var buffer = new char[chars];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read);
    }

    /// <summary>
    /// Without a run's state, the job's own testcase says the result (a failure, or an error for a
    /// job that did not finish): not any failing task, since a log whose last run passed after an
    /// earlier one failed is a passed job.
    /// </summary>
    private static JobResult FromJobCase(XElement root)
    {
        var job = root.Elements("testsuite").Where(s => (string?)s.Attribute("name") == "job")
            .SelectMany(s => s.Elements("testcase"))
            .FirstOrDefault(c => (string?)c.Attribute("name") == Reporting.ReportGenerator.JobCaseName);
        return job switch
        {
            null => root.Descendants("failure").Any() || root.Descendants("error").Any()
                ? JobResult.Failed : JobResult.Passed,
            _ when job.Element("failure") is not null => JobResult.Failed,
            _ when job.Element("error") is not null => JobResult.TimedOut,
            _ => JobResult.Passed,
        };
    }

    /// <summary>The run state's fields, or null: publish goes by junit.xml when the state is not usable.</summary>
    private static JsonObject? ReadState(string path)
    {
        try
        {
            return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string ReadText(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new TraasException(ExitCodes.BadInput,
                $"no {file} in {folder}: run `traas-ci report` (or `run`) first");
    }

    [GeneratedRegex(@"^line (\d+) of the log", RegexOptions.CultureInvariant)]
    private static partial Regex LinePattern();
}
