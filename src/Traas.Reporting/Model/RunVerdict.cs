namespace Traas.Reporting.Model;

/// <summary>
/// What the run that followed the job knows and the log cannot say: the stack never came up, the
/// job was misconfigured, its exit marker was unreadable, it was cancelled. It is the report's
/// verdict whatever the log says.
/// </summary>
/// <param name="Outcome">Failed, or Unfinished for a job that never ran to its end.</param>
/// <param name="Headline">The result in a few words, e.g. "configuration error" or "node failure".</param>
/// <param name="Reason">Why, in one or a few lines (the root cause, the wrapper's line).</param>
/// <param name="Infrastructure">
/// The run knows that the infrastructure failed, not the change (a stack that never came up, no room, a cloud that
/// stopped answering): an infrastructure failure where no failure pattern names it.
/// </param>
public sealed record RunVerdict(JobOutcome Outcome, string Headline, string Reason, bool Infrastructure = false);
