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
        JobResult.NodeFailure => new RunVerdict(JobOutcome.Failed, "node failure", reason, Infrastructure: true),
        JobResult.TimedOut => new RunVerdict(JobOutcome.Unfinished, "timed out", reason),
        JobResult.Cancelled => new RunVerdict(JobOutcome.Unfinished, "cancelled", reason),
        JobResult.NoCapacity => new RunVerdict(JobOutcome.Unfinished, "no capacity", reason, Infrastructure: true),
    };

    /// <summary>
    /// The class of a run that an error ended before its job could (a cloud that stopped answering, a refused host
    /// key, a template Heat refused): the job did not fail, so it is never FAILED, which blames the change.
    /// </summary>
    public static JobResult ForError(TraasException error) => error.ExitCode switch
    {
        // A template or parameter Heat refused, a stack name already taken: the run's configuration to fix.
        ExitCodes.BadInput => JobResult.ConfigurationError,
        ExitCodes.PostFailure => JobResult.PostFailure,
        // A cloud that refused or stopped answering, a node whose host key or login was refused.
        _ => JobResult.NodeFailure,
    };
}
