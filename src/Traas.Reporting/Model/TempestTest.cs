namespace Traas.Reporting.Model;

public enum TempestStatus
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>
/// One test result read from the log (subunit-trace's `{N} test.id [1.23s] ... ok|FAILED|SKIPPED: reason`,
/// testr/nose's `test.id ... ok|FAIL|ERROR`, pytest's `path::test PASSED|FAILED`) or from a subunit stream.
/// </summary>
/// <param name="Reason">The skip reason, or for a failure the first line of its message.</param>
/// <param name="Line">The log line; 0 for a test from a subunit stream.</param>
/// <param name="Detail">For a failure, its traceback when the log or the stream has one.</param>
public sealed record TempestTest(string Id, TempestStatus Status, double? Seconds, string? Reason, long Line,
    string? Detail = null);
