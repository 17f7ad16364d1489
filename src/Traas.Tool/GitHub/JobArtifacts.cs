using System.Xml;

namespace Traas.Tool.GitHub;

/// <summary>A failing task as junit.xml has it: where in the log, what failed.</summary>
internal sealed record FailingTask(string Name, string Play, string Message, int? Line);

/// <summary>An attempt of the run before the one published, as its attempts/N folder says it ended.</summary>
internal sealed record EarlierAttempt(int Attempt, JobResult Result, bool Retried, DateTimeOffset At);

/// <summary>
/// What `report` (and `run`) left in the artifacts folder, as `publish` reads it: the job type and
/// result class (run-state.json when a run wrote one, else junit.xml), the first failing tasks and
/// how many there are (junit.xml), the summaries, and traas.log for the known-failure fingerprints.
/// </summary>
internal sealed record JobArtifacts(string Folder, string JobType, JobResult Result,
    IReadOnlyList<FailingTask> Failures, long FailureCount, string CommentSummary, string StepSummary)
{
    /// <summary>
    /// Failing tasks read from junit.xml (<see cref="Failures"/>); the rest are only counted
    /// (<see cref="FailureCount"/>). As many as the check run annotates: nothing reads more.
    /// </summary>
    public const int FailuresKept = GitHubPublisher.MaxAnnotations;

    /// <summary>Where the run hosted the console page (run-state.json), when it did: an absolute http(s) URL.</summary>
    public string? ConsoleUrl { get; init; }

    /// <summary>The start of new-lines.md (a failed run's new lines, `traas-ci diff`), when there is one.</summary>
    public string? NewLines { get; init; }

    /// <summary>Which stack of the run (run-state.json's attempt): 1 unless a run made more than one.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>This attempt failed for the infrastructure; the run goes on with a new stack (--retry-infra).</summary>
    public bool Retried { get; init; }

    /// <summary>
    /// The attempts run again before this one (attempts/N/run-state.json), first first: `publish` after
    /// `run --no-publish` puts them in the history, as `run` itself does when it publishes each.
    /// </summary>
    public IReadOnlyList<EarlierAttempt> EarlierAttempts { get; init; } = [];

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
        JUnitFacts junit;
        try
        {
            junit = JUnitFactsReader.Read(junitPath, FailuresKept);
        }
        catch (XmlException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{junitPath} is not XML ({e.Message}); run `traas-ci report` again");
        }
        var state = ReadState(Path.Combine(folder, ArtifactFiles.RunState));
        // An empty name (a hand-made state, report --job-name " ") would read "publishing  (FAILED)".
        var jobType = new[] { Text(state?["job_type"]), junit.Name }.FirstOrDefault(n => !string.IsNullOrWhiteSpace(n))
            ?? "traas job";
        var result = JobResults.FromLabel(Text(state?["result"])) ?? junit.Result;
        return new JobArtifacts(folder, jobType, result, junit.Failures, junit.FailureCount,
            ReadText(folder, ArtifactFiles.CommentSummary), ReadText(folder, ArtifactFiles.Summary))
        {
            ConsoleUrl = Text(state?["console_url"]) is { } url
                && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                    ? uri.AbsoluteUri : null,
            NewLines = ReadStart(Path.Combine(folder, ArtifactFiles.NewLinesSummary), CommentBody.NewLinesLimit + 1),
            Attempt = state?["attempt"] is JsonValue a && a.TryGetValue<int>(out var attempt)
                && attempt is >= 1 and <= RunState.MaxAttempts ? attempt : 1,
            Retried = IsRetried(state),
            EarlierAttempts = ReadEarlierAttempts(folder),
        };
    }

    private static bool IsRetried(JsonObject? state) =>
        state?["retried"] is JsonValue value && value.TryGetValue<bool>(out var retried) && retried;

    /// <summary>The attempts/N folders that `run` left (N a run's attempt), with a result in their state.</summary>
    private static List<EarlierAttempt> ReadEarlierAttempts(string folder)
    {
        var attempts = Path.Combine(folder, ArtifactFiles.AttemptsFolder);
        if (!Directory.Exists(attempts))
            return [];
        return Directory.EnumerateDirectories(attempts)
            .Select(d => (Path: d, Number: int.TryParse(Path.GetFileName(d), NumberStyles.None,
                CultureInfo.InvariantCulture, out var n) ? n : 0))
            .Where(x => x.Number is >= 1 and <= RunState.MaxAttempts)
            .OrderBy(x => x.Number)
            .Select(x => (x.Number, File: Path.Combine(x.Path, ArtifactFiles.RunState)))
            .Select(x => (x.Number, x.File, State: ReadState(x.File)))
            .Select(x => (x.Number, x.File, x.State, Result: JobResults.FromLabel(Text(x.State?["result"]))))
            .Where(x => x.Result is not null)
            .Select(x => new EarlierAttempt(x.Number, x.Result!.Value, IsRetried(x.State),
                File.GetLastWriteTimeUtc(x.File)))
            .ToList();
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
}
