using System.Text.Json.Serialization;

namespace Traas.Tool.GitHub;

/// <summary>One run of a job on a pull request, as the sticky comment remembers it.</summary>
/// <param name="Attempt">Which stack of the run, for a run that made more than one; else null.</param>
/// <param name="Retried">The attempt failed for the infrastructure and the run went on with a new stack.</param>
internal sealed record RunEntry(JobResult Result, string Sha, string? RunUrl, DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Attempt = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Retried = false)
{
    /// <summary>The attempt's entry, numbered when the run made more than one stack.</summary>
    public static RunEntry Of(JobArtifacts artifacts, string sha, string? runUrl, DateTimeOffset at) =>
        new(artifacts.Result, sha, runUrl, at, artifacts.Attempt > 1 || artifacts.Retried ? artifacts.Attempt : null,
            artifacts.Retried);

    /// <summary>
    /// This run's entry on top of <paramref name="earlier"/>, with the attempts the artifacts say came
    /// before it that the history does not hold yet (`run` published them itself unless --no-publish).
    /// </summary>
    public static List<RunEntry> WithAttempts(RunEntry current, JobArtifacts artifacts, IReadOnlyList<RunEntry> earlier)
    {
        var missing = artifacts.EarlierAttempts
            .Select(a => new RunEntry(a.Result, current.Sha, current.RunUrl, a.At, a.Attempt, a.Retried))
            .Where(a => !earlier.Any(e => e.Sha == a.Sha && e.RunUrl == a.RunUrl && e.Attempt == a.Attempt))
            .Reverse();
        return [.. missing, .. earlier];
    }
}

/// <summary>The earlier runs read back from a comment, and why any of its entries were dropped.</summary>
internal sealed record HistoryRead(IReadOnlyList<RunEntry> Entries, IReadOnlyList<string> Problems);

/// <summary>
/// The history of runs kept at the end of the sticky comment, in a hidden JSON block. Whoever can edit
/// a comment can edit the block, so it is read as untrusted: each entry must hold a known result class,
/// a commit SHA, a run URL on GitHub's own server (or none) and a date, or it is dropped, with a
/// reason; and the table that shows it escapes every field.
/// </summary>
internal static partial class CommentHistory
{
    /// <summary>Runs kept in the comment, this one included.</summary>
    public const int Length = 20;

    private const string Start = "<!-- traas-ci:history ";
    private const string End = " -->";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JobResultJsonConverter() } };

    /// <summary>
    /// The entries of the block that ends <paramref name="body"/> (only the last one counts: text from the
    /// log above it could hold a block of its own), each checked; <paramref name="serverUrl"/> is
    /// GITHUB_SERVER_URL. The problems name entries by number and never repeat their content.
    /// </summary>
    public static HistoryRead Read(string? body, Uri serverUrl)
    {
        if (body is null || BlockPattern().Match(body) is not { Success: true } match)
        {
            return new HistoryRead([], body?.Contains(Start, StringComparison.Ordinal) == true
                ? ["the history block is not at the end of the comment; the history starts again"]
                : []);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(match.Groups[1].Value);
        }
        catch (JsonException)
        {
            return new HistoryRead([], ["the history block is not JSON; the history starts again"]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return new HistoryRead([], ["the history block is not a JSON list; the history starts again"]);
            var entries = new List<RunEntry>();
            var problems = new List<string>();
            var number = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                number++;
                if (Entry(element, serverUrl, out var reason) is { } entry)
                    entries.Add(entry);
                else
                    problems.Add($"history entry {number} dropped: {reason}");
            }
            return new HistoryRead(entries.Take(Length).ToList(), problems);
        }
    }

    /// <summary>The hidden block that records <paramref name="history"/>, newest first.</summary>
    public static string Block(IEnumerable<RunEntry> history) =>
        // No "--" may reach the HTML comment (it would end it early); System.Text.Json escapes < and >.
        $"{Start}{JsonSerializer.Serialize(history.Take(Length), Json)
            .Replace("--", "\\u002D\\u002D", StringComparison.Ordinal)}{End}";

    /// <summary>The table of earlier runs; every field escaped, whatever was read.</summary>
    public static string Table(IReadOnlyList<RunEntry> earlier)
    {
        var table = new StringBuilder("| when (UTC) | commit | result | run |\n|---|---|---|---|\n");
        foreach (var entry in earlier.Take(Length - 1))
        {
            var run = entry.RunUrl is { } url ? $"[run]({UrlEscape(url)})" : "";
            var attempt = entry switch
            {
                { Retried: true } => $" (attempt {entry.Attempt ?? 1}: infrastructure, run again)",
                { Attempt: { } n } => $" (attempt {n})",
                _ => "",
            };
            table.Append(CultureInfo.InvariantCulture,
                $"| {entry.At.UtcDateTime:yyyy-MM-dd HH:mm} | `{ShortSha(entry.Sha)}` | "
                    + $"{entry.Result.Class().Icon} {entry.Result.Label()}{attempt} | {run} |\n");
        }
        return table.ToString();
    }

    /// <summary>A commit as the tables show it: its first 7 hex digits, whatever else it held.</summary>
    public static string ShortSha(string sha)
    {
        var hex = HexPattern().Replace(sha, "");
        return hex[..Math.Min(7, hex.Length)];
    }

    /// <summary>
    /// A run URL we would have written: the scheme, host and port of GITHUB_SERVER_URL (https on
    /// github.com), no user part, and a plain path (letters, digits, . _ ~ - /), so that it cannot leave
    /// the markdown link it is put in.
    /// </summary>
    public static bool IsRunUrl(string url, Uri serverUrl) =>
        url.Length <= 2048 && UrlPattern().IsMatch(url)
            && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && Uri.Compare(uri, serverUrl, UriComponents.SchemeAndServer, UriFormat.UriEscaped,
                StringComparison.OrdinalIgnoreCase) == 0
            && (uri.Scheme == Uri.UriSchemeHttps || serverUrl.Scheme == uri.Scheme);

    private static RunEntry? Entry(JsonElement element, Uri serverUrl, out string reason)
    {
        reason = Problem(element, serverUrl) ?? "";
        if (reason.Length > 0)
            return null;
        var url = element.TryGetProperty("RunUrl", out var run) ? run.GetString() : null;
        return new RunEntry(JobResults.FromLabel(Text(element, "Result"))!.Value, Text(element, "Sha")!, url,
            element.GetProperty("At").GetDateTimeOffset(),
            element.TryGetProperty("Attempt", out var attempt) && attempt.ValueKind == JsonValueKind.Number
                ? attempt.GetInt32() : null,
            element.TryGetProperty("Retried", out var retried) && retried.ValueKind == JsonValueKind.True);
    }

    private static string? Problem(JsonElement element, Uri serverUrl)
    {
        if (element.ValueKind != JsonValueKind.Object)
            return "not an object";
        if (JobResults.FromLabel(Text(element, "Result")) is null)
            return "no known result class";
        if (Text(element, "Sha") is not { } sha || !ShaPattern().IsMatch(sha))
            return "the commit is not a SHA of 7 to 40 hex digits";
        if (!element.TryGetProperty("At", out var at) || at.ValueKind != JsonValueKind.String
            || !at.TryGetDateTimeOffset(out _))
            return "no date";
        if (element.TryGetProperty("RunUrl", out var run) && run.ValueKind != JsonValueKind.Null
            && (run.ValueKind != JsonValueKind.String || !IsRunUrl(run.GetString()!, serverUrl)))
            return "the run URL is not a page of this GitHub server";
        if (element.TryGetProperty("Attempt", out var attempt) && attempt.ValueKind != JsonValueKind.Null
            && !(attempt.ValueKind == JsonValueKind.Number && attempt.TryGetInt32(out var n)
                && n is >= 1 and <= RunState.MaxAttempts))
            return $"the attempt is not a number from 1 to {RunState.MaxAttempts}";
        if (element.TryGetProperty("Retried", out var retried)
            && retried.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            return "retried is not true or false";
        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Anything but the characters <see cref="IsRunUrl"/> allows is percent-encoded.</summary>
    private static string UrlEscape(string url)
    {
        var escaped = new StringBuilder(url.Length);
        foreach (var b in Encoding.UTF8.GetBytes(url))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || "._~/:-".Contains((char)b, StringComparison.Ordinal))
                escaped.Append((char)b);
            else
                escaped.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
        }
        return escaped.ToString();
    }

    [GeneratedRegex(@"<!-- traas-ci:history ([^\n]*) -->\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{7,40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ShaPattern();

    [GeneratedRegex(@"[^0-9a-fA-F]", RegexOptions.CultureInvariant)]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
