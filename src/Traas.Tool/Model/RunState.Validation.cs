namespace Traas.Tool.Model;

/// <summary>
/// A state file is input: it may be old, edited by hand, or written by something else. Every field
/// the verbs use is checked when it is read, so that a bad one is one line naming the field and the
/// file (exit 2), never an exception deep in a stage.
/// </summary>
internal sealed partial record RunState
{
    /// <summary>The longest job, connect or collect timeout, in minutes: a week.</summary>
    public const double MaxTimeoutMinutes = 7 * 24 * 60;

    /// <summary>A run state is a few kilobytes; anything far bigger is not one (or is /dev/zero).</summary>
    private const int MaxBytes = 1024 * 1024;

    private const long MaxLogOffset = 1L << 40;

    /// <summary>More stacks than any run makes: --attempts and --retry-infra are bounded well below it.</summary>
    public const int MaxAttempts = 100;

    private static readonly string[] Timeouts =
        ["job_timeout_minutes", "connect_timeout_minutes", "collect_timeout_minutes"];

    private static string ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096,
            FileOptions.SequentialScan);
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            length += read;
        if (length > MaxBytes)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{path} is not a traas-ci run state: it is larger than {MaxBytes / 1024} KiB; give --state the "
                    + "run-state.json of the run to carry on");
        }
        return new UTF8Encoding(false).GetString(buffer, 0, length);
    }

    private static JsonObject ParseObject(string path, string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            var where = $"line {e.LineNumber + 1}: {Explain(e)}";
            // A bare NaN or a typo: name the field it follows.
            if (LastKeyBefore(text, e.LineNumber, e.BytePositionInLine) is { } field)
                throw Bad(path, field, $"is not followed by valid JSON ({where})");
            throw new TraasException(ExitCodes.BadInput,
                $"{path} is not a traas-ci run state: it is not JSON ({where}); fix it, or give --state the "
                    + "run-state.json of the run to carry on");
        }
        return node as JsonObject ?? throw new TraasException(ExitCodes.BadInput,
            $"{path} is not a traas-ci run state: it holds {Kind(node)}, not a JSON object of fields; "
                + "give --state the run-state.json of the run to carry on");
    }

    private void Validate(string path, JsonObject fields, bool needsNode)
    {
        if (Version != 1)
            throw Bad(path, "version", $"is {Version}; this traas-ci reads version 1 (a newer one wrote it?)");
        if (Port is < 1 or > 65535)
            throw Bad(path, "port", $"is {Port}, not a TCP port (1 to 65535)");
        if (Attempt is < 1 or > MaxAttempts)
            throw Bad(path, "attempt", $"is {Attempt}, not an attempt of a run (1 to {MaxAttempts})");
        if (LogOffset < 0)
            throw Bad(path, "log_offset", $"is {LogOffset}, not a byte offset (0 or more)");
        foreach (var (field, minutes) in TimeoutValues())
        {
            if (!double.IsFinite(minutes) || minutes < 0 || minutes > MaxTimeoutMinutes)
                throw Bad(path, field, $"is {Show(minutes)}, not a number of minutes from 0 to {MaxTimeoutMinutes}");
        }
        foreach (var (field, value) in Paths())
        {
            if (value is not null && value.Contains('\0', StringComparison.Ordinal))
                throw Bad(path, field, "holds a NUL character, which no path has");
        }
        if (Collect.Any(string.IsNullOrWhiteSpace))
            throw Bad(path, "collect", "has an empty glob");
        if (WaitStarted is { } started && started > DateTimeOffset.MaxValue.AddYears(-1))
            throw Bad(path, "wait_started", $"is {started:u}, not a time a run started");
        if (needsNode)
            ValidateNode(path, fields);
    }

    /// <summary>What wait, collect and report need: the stack's node, the run's folder and its timeouts.</summary>
    private void ValidateNode(string path, JsonObject fields)
    {
        if (string.IsNullOrEmpty(StackId) || Host.Length == 0)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{path} is not the state of a provisioned run (stack_id or host is missing); run `traas-ci run` "
                    + "again, or give the right --state");
        }
        foreach (var (field, value) in new[]
        {
            ("user", User), ("log_path", LogPath), ("marker_path", MarkerPath), ("out_dir", OutDir),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
                throw Bad(path, field, "is missing or empty");
        }
        if (HostKey is null && string.IsNullOrWhiteSpace(KnownHosts))
            throw Bad(path, "known_hosts", "is missing or empty, and no host_key is pinned");
        foreach (var (field, minutes) in TimeoutValues())
        {
            if (!fields.ContainsKey(field))
                throw Bad(path, field, "is missing");
            if (!(minutes > 0))
                throw Bad(path, field, $"is {Show(minutes)}, not a number of minutes above 0");
        }
        if (LogOffset > MaxLogOffset)
            throw Bad(path, "log_offset", $"is {LogOffset}, more than any log traas-ci streams (1 TiB)");
        // Until the wait ends, the local copy holds the log up to log_offset: a resumed wait cuts it
        // there and appends. Later the collected copy replaces it, which the node may have cut short.
        var local = new FileInfo(WorkingLog);
        var size = local.Exists ? local.Length : 0;
        if (Stage <= RunStage.Waiting && LogOffset > size)
        {
            throw Bad(path, "log_offset", $"is {LogOffset}, past the end of the local copy {WorkingLog} ({size} bytes)",
                size > 0
                    ? $"set it to {size}, or to 0 to read the log again from its start"
                    : "set it to 0 to read the log from its start");
        }
    }

    private IEnumerable<(string Field, double Minutes)> TimeoutValues() =>
        Timeouts.Zip([JobTimeoutMinutes, ConnectTimeoutMinutes, CollectTimeoutMinutes]);

    private IEnumerable<(string Field, string? Value)> Paths() =>
    [
        ("out_dir", OutDir), ("key_file", KeyFile), ("known_hosts", KnownHosts), ("log_path", LogPath),
        ("marker_path", MarkerPath),
    ];

    private static TraasException Bad(string path, string field, string problem,
        string fix = "fix that field, or give --state the run-state.json of the run to carry on") =>
        new(ExitCodes.BadInput, $"{path}: {field} {problem}; {fix}.");

    /// <summary>The field a deserialization error is about: "$.stage" is stage, "$.collect[0]" collect.</summary>
    private static string FieldOf(string? jsonPath)
    {
        var field = (jsonPath ?? "$").TrimStart('$').TrimStart('.');
        var end = field.IndexOfAny(['.', '[']);
        field = end > 0 ? field[..end] : field;
        return field.Length == 0 ? "the whole file" : field;
    }

    private static string Expected(string field)
    {
        var property = typeof(RunState).GetProperties()
            .FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == field);
        var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            null => "readable",
            _ when type == typeof(RunStage) => $"one of {Names<RunStage>()}",
            _ when type == typeof(KeepPolicy) => $"one of {Names<KeepPolicy>()}",
            _ when type == typeof(JobResult) => $"one of {string.Join(", ", Enum.GetValues<JobResult>()
                .Select(r => r.Label()))}",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) => "a number",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(DateTimeOffset) => "a date and time (ISO 8601)",
            _ => "a list of strings",
        };
    }

    private static string Names<T>()
        where T : struct, Enum =>
        string.Join(", ", Enum.GetNames<T>().Select(JsonNamingPolicy.KebabCaseLower.ConvertName));

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Kind(JsonNode? node) => node?.GetValueKind() switch
    {
        null => "null",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };

    /// <summary>System.Text.Json's message without its position (given apart, 1-based).</summary>
    private static string Explain(JsonException e) =>
        LocationSuffix().Replace(e.Message, "").TrimEnd('.', ' ');

    /// <summary>The last "field": before a parse error, to name the field a bare NaN or a typo is in.</summary>
    private static string? LastKeyBefore(string text, long? line, long? bytePosition)
    {
        if (line is not { } l)
            return null;
        var lines = text.Split('\n');
        if (l >= lines.Length)
            return null;
        var before = string.Join('\n', lines.Take((int)l))
            + '\n' + lines[l][..(int)Math.Min(bytePosition ?? 0, lines[l].Length)];
        var keys = KeyPattern().Matches(before);
        return keys.Count == 0 ? null : keys[^1].Groups[1].Value;
    }

    [GeneratedRegex(@"\s*(?:Path: .*|LineNumber: .*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LocationSuffix();

    [GeneratedRegex("\"([a-z_]{1,40})\"\\s*:", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
