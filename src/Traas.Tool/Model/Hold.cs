namespace Traas.Tool.Model;

/// <summary>
/// A held stack's scope and expiry, kept in its Heat tags (traas-hold-until=..., traas-pr=...,
/// traas-branch=..., traas-job=..., traas-run=...), so that `holds`, `release` and `reap` read them
/// from the cloud alone, whichever machine made the stack.
/// </summary>
internal sealed record Hold(DateTimeOffset Until)
{
    public const string UntilTag = "traas-hold-until=";

    /// <summary>Heat keeps a tag in 80 characters (heat/db/sqlalchemy/models.py, StackTag.tag).</summary>
    private const int MaxTag = 80;

    public string? PullRequest { get; init; }

    public string? Branch { get; init; }

    public string? JobType { get; init; }

    public string? Run { get; init; }

    public bool IsExpired(DateTimeOffset now) => Until <= now;

    /// <summary>Whether a tag is one of a hold's (not traas-ci's own, nor the run's traas-run-RANDOM).</summary>
    public static bool IsHoldTag(string tag) =>
        new[] { "hold-until", "pr", "branch", "job", "run" }
            .Any(key => tag.StartsWith($"traas-{key}=", StringComparison.Ordinal));

    /// <summary>The tags that say so; a value Heat cannot keep (a comma, past 80 characters) is cut.</summary>
    public IReadOnlyList<string> Tags()
    {
        List<string> tags =
            [UntilTag + Until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)];
        void Add(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
                return;
            var tag = $"traas-{key}={value.Replace(",", "", StringComparison.Ordinal).Trim()}";
            tags.Add(tag.Length > MaxTag ? tag[..MaxTag] : tag);
        }
        Add("pr", PullRequest);
        Add("branch", Branch);
        Add("job", JobType);
        Add("run", Run);
        return tags;
    }

    /// <summary>The hold a stack's tags describe, or null when it is no hold.</summary>
    public static Hold? From(IReadOnlyList<string> tags)
    {
        string? Value(string key) => tags.FirstOrDefault(t => t.StartsWith($"traas-{key}=", StringComparison.Ordinal))
            ?[($"traas-{key}=".Length)..];
        if (Value("hold-until") is not { } text || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var until))
        {
            return null;
        }
        return new Hold(until)
        {
            PullRequest = Value("pr"),
            Branch = Value("branch"),
            JobType = Value("job"),
            Run = Value("run"),
        };
    }
}
