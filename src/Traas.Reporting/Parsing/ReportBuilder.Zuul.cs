namespace Traas.Reporting.Parsing;

/// <summary>
/// Zuul v3's result, built from its phases as Zuul's executor builds it (zuul/executor/server.py,
/// AnsibleJob.runPlaybooks). A phase's `END RESULT_X` says how ansible-playbook ended (NORMAL,
/// TIMED_OUT, UNREACHABLE, ABORTED, DISK_FULL), not whether the playbook passed: a NORMAL phase
/// failed when its PLAY RECAP has a failed or unreachable host. A failing pre-run decides: Zuul skips
/// the run phase and runs the build again (RETRY; RETRY_LIMIT after its last attempt), as it does
/// when the run phase loses a host or ends in a way it cannot judge. The run phase decides next,
/// TIMED_OUT and ABORTED being a job that did not finish. A failing post-run then makes a run that
/// passed or failed POST_FAILURE: after a passed run the infrastructure's (the logs were not
/// uploaded), not the change's, so the job passed; after a failed run the job still failed. A post-run
/// that loses a host is a RETRY instead, and one that is aborted an ABORTED build.
/// </summary>
internal sealed partial class ReportBuilder
{
    private sealed record ZuulResult(JobOutcome Outcome, string? Headline, string Reason, long Line)
    {
        public RunningTask? StillRunning { get; init; }

        /// <summary>Zuul runs the build again (<see cref="JobReport.CiRetries"/>).</summary>
        public bool Retried { get; init; }
    }

    private ZuulResult? _zuulResult;
    /// <summary>
    /// A pre-run failed, or the run phase did not finish or is retried: no later phase changes the
    /// result (runPlaybooks' allow_post_result), nor does a second failing post-run.
    /// </summary>
    private bool _zuulDecided;

    /// <summary>Hosts of the current run's PLAY RECAP with failed or unreachable results.</summary>
    public int RunRecapFailingHosts => _runRecap.Values.Count(c => c.Failed > 0 || c.Unreachable > 0);

    /// <summary>A Zuul v3 phase's END line.</summary>
    /// <param name="phase">PRE-RUN, RUN, POST-RUN or CLEANUP.</param>
    /// <param name="result">The word after RESULT_, as Zuul wrote it.</param>
    /// <param name="failingHosts">Hosts of the phase's PLAY RECAP with failed or unreachable results.</param>
    /// <returns>Whether the phase passed.</returns>
    public bool ZuulPhaseEnd(string phase, string result, int failingHosts, string content, long line)
    {
        var normal = result == "NORMAL";
        var passed = normal && failingHosts == 0;
        var reason = normal && !passed
            ? $"{content}: its PLAY RECAP has {Plural.Of(failingHosts, "host")} with failed or unreachable results"
            : content;
        if (_zuulDecided)
            return passed;
        switch (phase)
        {
            case "PRE-RUN" when !passed:
                _zuulResult = Retry("a pre-run playbook failed, so Zuul did not run the job's run phase");
                break;
            // Zuul runs no playbook of the run phase after one that failed.
            case "RUN" when _zuulResult is not { Outcome: JobOutcome.Failed }:
                _zuulResult = result switch
                {
                    _ when passed => new ZuulResult(JobOutcome.Passed, null, reason, line),
                    "NORMAL" => new ZuulResult(JobOutcome.Failed, null, reason, line),
                    "TIMED_OUT" => Stopped("timed out"),
                    "ABORTED" => Stopped("aborted"),
                    "UNREACHABLE" => Retry("the run phase lost a host"),
                    // DISK_FULL and any other end Zuul cannot judge.
                    _ => Retry("Zuul cannot tell how the run phase ended"),
                };
                break;
            // A post-run that loses a host has Zuul run the build again, after a passed or a failed run (it
            // cannot tell a cleanup playbook's, which it ignores, from the banner: both are POST-RUN).
            case "POST-RUN" when result == "UNREACHABLE":
                _zuulResult = Retry("a post-run playbook lost a host");
                break;
            // The build was cancelled (a new patchset, a dequeue): Zuul reports ABORTED, whatever the run did.
            case "POST-RUN" when result == "ABORTED":
                _zuulResult = Stopped("aborted");
                break;
            case "POST-RUN" when !passed:
                _zuulResult = PostFailure();
                break;
        }
        return passed;

        // Zuul stopped the run in the middle of a task: that task is what it was doing.
        ZuulResult Stopped(string headline)
        {
            _zuulDecided = true;
            var running = Running();
            return new ZuulResult(JobOutcome.Unfinished, headline,
                running is null ? reason : $"{reason}; it was in {Describe(running)}", line)
            {
                StillRunning = running,
            };
        }

        // runPlaybooks returns no result and Zuul runs the build again; with zuul.retry false in the
        // job's returned data it would be FAILURE, which the log does not show.
        ZuulResult Retry(string why)
        {
            _zuulDecided = true;
            return new ZuulResult(JobOutcome.Failed, "retry",
                $"{reason}; {why}: it runs the build again (RETRY, or RETRY_LIMIT after its last attempt)", line)
            {
                Retried = true,
            };
        }

        // The result stays the run's (POST_FAILURE does not say the change passed), the line the
        // run's, whose failure is the one to read.
        ZuulResult PostFailure()
        {
            _zuulDecided = true;
            return _zuulResult switch
            {
                { Outcome: JobOutcome.Passed } => new ZuulResult(JobOutcome.Passed, "post failure", reason, line),
                { } run => run with { Headline = "post failure", Reason = $"{run.Reason}; then {reason}" },
                null => new ZuulResult(JobOutcome.Failed, "post failure", reason, line),
            };
        }
    }
}
