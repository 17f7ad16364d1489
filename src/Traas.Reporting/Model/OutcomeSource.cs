namespace Traas.Reporting.Model;

/// <summary>Where the verdict came from, in the order the log is asked (README, "The verdict").</summary>
public enum OutcomeSource
{
    /// <summary>
    /// tripleo-ci's own markers: `Playbook run ... passed|failed`, `Run completed`, the last `exit N`.
    /// </summary>
    TripleoMarker,

    /// <summary>
    /// The CI system's end line: Zuul v2's `[Zuul] Job complete`, Zuul v3's `RUN END RESULT_*`, Jenkins' `Finished:`.
    /// </summary>
    CiEndLine,

    /// <summary>The log's last ansible output is a PLAY RECAP.</summary>
    PlayRecap,

    /// <summary>None of these: the job did not finish.</summary>
    None,

    /// <summary>The run that followed the job said so (<see cref="RunVerdict"/>), whatever the log says.</summary>
    Run,
}
