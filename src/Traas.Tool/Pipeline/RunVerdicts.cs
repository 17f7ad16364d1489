using Traas.Reporting.Model;

namespace Traas.Tool.Pipeline;

/// <summary>
/// The run's word on the job, for the report, when the job's log cannot give it. What the log says
/// stands for a job that ran to its end: passed, failed by its own exit status, or passed with its
/// logs not all collected.
/// </summary>
internal static class RunVerdicts
{
    public static RunVerdict? For(JobResult result, string reason) => result switch
    {
        JobResult.Passed or JobResult.PostFailure => null,
        JobResult.Failed => new RunVerdict(JobOutcome.Failed, "failed", reason),
        JobResult.ConfigurationError => new RunVerdict(JobOutcome.Failed, "configuration error", reason),
        JobResult.NodeFailure => new RunVerdict(JobOutcome.Failed, "node failure", reason),
        JobResult.TimedOut => new RunVerdict(JobOutcome.Unfinished, "timed out", reason),
        JobResult.Cancelled => new RunVerdict(JobOutcome.Unfinished, "cancelled", reason),
        JobResult.NoCapacity => new RunVerdict(JobOutcome.Unfinished, "no capacity", reason),
    };

    /// <summary>An error that ended the run (a cloud that stopped answering, a refused host key).</summary>
    public static RunVerdict ForError(string message) => new(JobOutcome.Failed, "error", message);
}
