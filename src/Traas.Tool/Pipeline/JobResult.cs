using Traas.Tool.Cli;

namespace Traas.Tool.Pipeline;

/// <summary>The result classes of a run, as Zuul names them, and their exit codes.</summary>
public enum JobResult
{
    Passed,
    Failed,
    TimedOut,
    NodeFailure,
    PostFailure,
    Cancelled,
}

internal static class JobResults
{
    public static int ExitCode(this JobResult result) => result switch
    {
        JobResult.Passed => ExitCodes.Passed,
        JobResult.Failed => ExitCodes.JobFailed,
        JobResult.TimedOut => ExitCodes.TimedOut,
        JobResult.NodeFailure => ExitCodes.NodeFailure,
        JobResult.PostFailure => ExitCodes.PostFailure,
        _ => ExitCodes.Cancelled,
    };

    public static string Label(this JobResult result) => result switch
    {
        JobResult.Passed => "PASSED",
        JobResult.Failed => "FAILED",
        JobResult.TimedOut => "TIMED_OUT",
        JobResult.NodeFailure => "NODE_FAILURE",
        JobResult.PostFailure => "POST_FAILURE",
        _ => "CANCELLED",
    };

    /// <summary>
    /// The job's own result first (its exit status, or TIMED_OUT); a failed collect turns only a
    /// pass into POST_FAILURE, since a failed job's failure is the more useful thing to say.
    /// </summary>
    public static JobResult Classify(WaitResult wait, CollectResult? collect) =>
        wait.ExitStatus switch
        {
            null => JobResult.TimedOut,
            not 0 => JobResult.Failed,
            _ => collect is { Failed: true } ? JobResult.PostFailure : JobResult.Passed,
        };
}
