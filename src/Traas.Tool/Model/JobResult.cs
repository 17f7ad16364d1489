namespace Traas.Tool.Model;

/// <summary>The result classes of a run, as Zuul names them.</summary>
internal enum JobResult
{
    Passed,
    Failed,
    TimedOut,
    NodeFailure,
    PostFailure,
    Cancelled,

    /// <summary>
    /// The job could not start as configured (traas.sh's status 87): the refs or changes to fix, not the code.
    /// </summary>
    ConfigurationError,

    /// <summary>No provider had room within --capacity-timeout: no stack was created.</summary>
    NoCapacity,
}

/// <summary>What a result class means everywhere it is shown or acted on.</summary>
/// <param name="ExitCode">The exit code of `run`, `wait` and `collect` (README, exit codes).</param>
/// <param name="Label">The class's name in logs, the state file and the PR comment.</param>
/// <param name="CheckConclusion">A check run's conclusion (GitHub's words).</param>
/// <param name="CommitState">A commit status's state (GitHub's words).</param>
/// <param name="Icon">The mark in summaries and the comment.</param>
/// <param name="KeptOnFailure">Whether `--keep on-failure` keeps the stack.</param>
internal sealed record ResultClass(int ExitCode, string Label, string CheckConclusion, string CommitState, string Icon,
    bool KeptOnFailure);

internal static class JobResults
{
    /// <summary>
    /// The one table of the result classes. A switch without a default arm: a class added to the
    /// enum and not here is a compile error (CS8509).
    /// </summary>
    public static ResultClass Class(this JobResult result) => result switch
    {
        JobResult.Passed =>
            new(ExitCodes.Passed, "PASSED", "success", "success", "✅", KeptOnFailure: false),
        JobResult.Failed =>
            new(ExitCodes.JobFailed, "FAILED", "failure", "failure", "❌", KeptOnFailure: true),
        JobResult.TimedOut =>
            new(ExitCodes.TimedOut, "TIMED_OUT", "timed_out", "error", "⏱️", KeptOnFailure: true),
        JobResult.NodeFailure =>
            new(ExitCodes.NodeFailure, "NODE_FAILURE", "failure", "error", "❌", KeptOnFailure: true),
        JobResult.PostFailure =>
            new(ExitCodes.PostFailure, "POST_FAILURE", "failure", "error", "❌", KeptOnFailure: true),
        // A cancelled workflow would otherwise leak its stack: cancelling is not a failure to look at.
        JobResult.Cancelled =>
            new(ExitCodes.Cancelled, "CANCELLED", "cancelled", "error", "⏹️", KeptOnFailure: false),
        // Nothing ran on the nodes worth looking at: the stack is not kept for it.
        JobResult.ConfigurationError =>
            new(ExitCodes.ConfigurationError, "CONFIGURATION_ERROR", "failure", "error", "⚙️",
                KeptOnFailure: false),
        // No stack was made: there is nothing to keep.
        JobResult.NoCapacity =>
            new(ExitCodes.NoCapacity, "NO_CAPACITY", "failure", "error", "⏳", KeptOnFailure: false),
    };

    public static int ExitCode(this JobResult result) => result.Class().ExitCode;

    public static string Label(this JobResult result) => result.Class().Label;

    /// <summary>The class a label names (the state file, the comment's history), or null.</summary>
    public static JobResult? FromLabel(string? label) =>
        Enum.GetValues<JobResult>().Cast<JobResult?>().FirstOrDefault(r => r!.Value.Label() == label);
}
