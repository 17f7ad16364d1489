namespace Traas.Reporting.Model;

public enum TempestStatus
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One subunit-trace line: `{N} test.id [1.23s] ... ok|FAILED|SKIPPED: reason`.</summary>
public sealed record TempestTest(string Id, TempestStatus Status, double? Seconds, string? Reason, long Line);
