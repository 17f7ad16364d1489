using System.Text.Json.Serialization;

namespace Traas.Tool.GitHub;

/// <summary>
/// A hold asked with <c>hold</c> or <c>hold N</c>, as traas-ci records it: a hidden block at the top of its
/// reply to the command, <c>&lt;!-- traas-ci:hold {...} --&gt;</c>. The next run of the pull request takes
/// it (records its run ID and attempt in the block) and runs with <c>--keep on-failure --hold-hours N</c>.
/// </summary>
/// <remarks>
/// Why a reply comment: it is on the pull request, where the people who asked look, and says in words
/// what happens; it outlives any one workflow run (a re-run, a new push, a lost runner); the API reads it
/// with the token every run already has; and it is written once, never rewritten by publish, so it does
/// not depend on the sticky comment's layout. A label would do none of that: anyone with triage may add
/// one (below the write permission commands need) and it holds no hours and no taker.
/// Only a comment written by the login traas-ci publishes as counts (<see cref="CommentAuthors"/>).
/// </remarks>
internal sealed partial record HoldRecord(
    [property: JsonPropertyName("hours")] int? Hours,
    [property: JsonPropertyName("asked_by")] string AskedBy,
    [property: JsonPropertyName("comment")] long Comment,
    [property: JsonPropertyName("at")] DateTimeOffset At)
{
    public const string Marker = "<!-- traas-ci:hold ";

    /// <summary>The workflow run (GITHUB_RUN_ID) that took the hold; null while it waits for a run.</summary>
    [JsonPropertyName("taken_by_run")]
    public string? TakenByRun { get; init; }

    /// <summary>Which attempt of that run (GITHUB_RUN_ATTEMPT): a re-run is a new attempt of the same run.</summary>
    [JsonPropertyName("taken_by_attempt")]
    public string? TakenByAttempt { get; init; }

    /// <summary>The options the next run gets for this hold (README, "PR commands").</summary>
    public IReadOnlyList<string> RunOptions(string keep)
    {
        // A hold never weakens what the workflow asks: always stays always.
        List<string> options = ["--keep", keep == "always" ? "always" : "on-failure"];
        if (Hours is { } hours)
            options.AddRange(["--hold-hours", hours.ToString(CultureInfo.InvariantCulture)]);
        return options;
    }

    public bool TakenBy(string run, string attempt) => TakenByRun == run && TakenByAttempt == attempt;

    /// <summary>The hidden block, JSON that cannot close the HTML comment it sits in.</summary>
    public string Block() => Marker + JsonSerializer.Serialize(this).Replace("--", "-\\u002d", StringComparison.Ordinal)
        + " -->";

    /// <summary>The record at the top of <paramref name="body"/>; null, with the reason, when there is none.</summary>
    public static HoldRecord? Read(string? body, out string? problem)
    {
        problem = null;
        if (body is null || !body.StartsWith(Marker, StringComparison.Ordinal))
            return null;
        var end = body.IndexOf(" -->", StringComparison.Ordinal);
        if (end < 0)
        {
            problem = "the hold block is not closed";
            return null;
        }
        try
        {
            var record = JsonSerializer.Deserialize<HoldRecord>(body[Marker.Length..end]);
            problem = record is null ? "the hold block is empty" : Check(record);
            return problem is null ? record : null;
        }
        catch (JsonException)
        {
            problem = "the hold block is not a hold record";
            return null;
        }
    }

    private static string? Check(HoldRecord record) =>
        record.Hours is < 1 or > PrCommandParser.MaxHoldHours ? "its hours are out of range"
            : record.TakenByRun is { } run && !Digits().IsMatch(run) ? "its run is not a run ID"
            : record.TakenByAttempt is { } attempt && !Digits().IsMatch(attempt) ? "its attempt is not a number"
            : record.AskedBy is null || !Login().IsMatch(record.AskedBy) ? "it names no GitHub login"
            : null;

    [GeneratedRegex(@"^[0-9]{1,20}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\[bot\])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Login();
}
