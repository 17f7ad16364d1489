namespace Traas.Reporting.Model;

public enum JobOutcome
{
    Passed,
    Failed,
    /// <summary>The log stops before any tripleo-ci end marker: the job did not finish.</summary>
    Unfinished,
}
