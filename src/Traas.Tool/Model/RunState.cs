using System.Text.Json.Serialization;

namespace Traas.Tool.Model;

/// <summary>
/// Where a run stands, in a JSON file (default traas-artifacts/run-state.json), so that `wait`,
/// `collect`, `report` and `delete` can carry on an interrupted run one verb at a time. It holds
/// names, addresses, paths and offsets; never a password, token or key (only the key's file name).
/// It is rewritten whole (<see cref="AtomicFile"/>) at each step.
/// </summary>
internal sealed partial record RunState
{
    public int Version { get; init; } = 1;

    public RunStage Stage { get; init; }

    public string StackName { get; init; } = "";

    /// <summary>The ID Heat's create answer gave: the only stack the run may delete. Null before that answer.</summary>
    public string? StackId { get; init; }

    /// <summary>
    /// A tag only this attempt's stack carries (traas-run-RANDOM): if the run is killed after its
    /// create request left and before Heat's answer came, the stack is still found as the run's.
    /// </summary>
    public string? RunTag { get; init; }

    public string? Cloud { get; init; }

    public string? Region { get; init; }

    /// <summary>The providers tried before the one that ran (or none had room), each with why it did not run.</summary>
    public IReadOnlyList<string> Tried { get; init; } = [];

    /// <summary>Until when a kept stack is held (its traas-hold-until tag); null when it is not held.</summary>
    public DateTimeOffset? HoldUntil { get; init; }

    public string JobType { get; init; } = "";

    public string Host { get; init; } = "";

    public int Port { get; init; } = 22;

    public string User { get; init; } = "";

    public string LogPath { get; init; } = "";

    public string MarkerPath { get; init; } = "";

    /// <summary>The key's file, or null when it came from TRAAS_SSH_KEY (then it must be there again).</summary>
    public string? KeyFile { get; init; }

    public string KnownHosts { get; init; } = "";

    public string? HostKey { get; init; }

    public long LogOffset { get; init; }

    public int? ExitStatus { get; init; }

    public JobResult? Result { get; init; }

    /// <summary>
    /// Why the result is what it is, when the job's log does not say (a broken marker, a stack that never came up).
    /// </summary>
    public string? Reason { get; init; }

    public KeepPolicy Keep { get; init; }

    public IReadOnlyList<string> Collect { get; init; } = [];

    public string OutDir { get; init; } = "";

    public double JobTimeoutMinutes { get; init; }

    public double ConnectTimeoutMinutes { get; init; }

    public double CollectTimeoutMinutes { get; init; }

    /// <summary>
    /// How much collecting may bring back (the defaults when a state of an earlier version has none).
    /// </summary>
    public CollectLimits CollectLimits { get; init; } = new();

    public DateTimeOffset? WaitStarted { get; init; }

    /// <summary>
    /// The byte-exact copy of the job's traas.log that the wait appends to (outside the artifacts:
    /// it may hold secrets); empty in a state of an earlier version, which used <see cref="LocalLog"/>.
    /// </summary>
    public string RawLog { get; init; } = "";

    /// <summary>The console page's address once the run hosted it (on Swift): `publish` links to it.</summary>
    public string? ConsoleUrl { get; init; }

    /// <summary>Which stack of the run this is: 1, then 2 and on after a NODE_FAILURE or an infra retry.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>
    /// This attempt ended in an infrastructure failure that `--retry-infra` runs again on a new stack:
    /// its result is not the run's.
    /// </summary>
    public bool Retried { get; init; }

    /// <summary>The working copy the wait appends to.</summary>
    [JsonIgnore]
    public string WorkingLog => RawLog.Length > 0 ? RawLog : LocalLog;

    /// <summary>The local copy of traas.log, in the artifacts, secrets masked.</summary>
    [JsonIgnore]
    public string LocalLog => Path.Combine(OutDir, ArtifactFiles.Log);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters =
        {
            new JsonStringEnumConverter<RunStage>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false),
            new JsonStringEnumConverter<KeepPolicy>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false),
            new JobResultJsonConverter(),
        },
    };

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <param name="needsNode">
    /// Whether the state must name a provisioned stack and its undercloud (wait, collect, report);
    /// a teardown also reads the state of an attempt that Heat has not yet answered.
    /// </param>
    public static RunState Load(string path, bool needsNode = true)
    {
        string text;
        try
        {
            text = ReadBounded(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"no run state at {path}: `traas-ci run` writes it; give --state the file of the run to carry on");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraasException(ExitCodes.BadInput, $"cannot read the run state {path}: {e.Message}");
        }
        var fields = ParseObject(path, text);
        RunState state;
        try
        {
            state = fields.Deserialize<RunState>(Json)!;
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            throw Bad(path, field, $"is not {Expected(field)}");
        }
        state.Validate(path, fields, needsNode);
        return state;
    }
}
