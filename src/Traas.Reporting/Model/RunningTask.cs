namespace Traas.Reporting.Model;

/// <summary>The task a log that stops before the job's end was in when it stopped.</summary>
/// <param name="Task">Its banner: `TASK [name]` or `RUNNING HANDLER [name]`.</param>
/// <param name="Waiting">
/// Hosts with no result in it yet: those of its play that had results in the play's earlier tasks,
/// and those it named while it ran (a retry, Zuul's host column), first <see cref="ReportLimits.HostsNamed"/>.
/// </param>
/// <param name="WaitingCount">How many hosts had no result, all of them.</param>
/// <param name="Retries">Its `FAILED - RETRYING` lines.</param>
public sealed record RunningTask(string Task, string Play, long Line, IReadOnlyList<string> Waiting, int WaitingCount,
    int Retries);
