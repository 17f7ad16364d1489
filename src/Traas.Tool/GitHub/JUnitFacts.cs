namespace Traas.Tool.GitHub;

/// <summary>
/// What publish takes from junit.xml: the root's name, the first failing testcases (a failure, else an
/// error), how many fail in all, and the result the job's own testcase says.
/// </summary>
internal sealed record JUnitFacts(string? Name, IReadOnlyList<FailingTask> Failures, long FailureCount,
    JobResult Result);
