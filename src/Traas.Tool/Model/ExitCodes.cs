namespace Traas.Tool.Model;

/// <summary>The exit codes traas-ci documents (README, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>The job passed.</summary>
    public const int Passed = 0;

    /// <summary>The job failed, or its log stops before it finished.</summary>
    public const int JobFailed = 1;

    /// <summary>`delete NAME` of a stack that is not there (as `openstack stack delete` exits).</summary>
    public const int NoSuchStack = 1;

    /// <summary>Bad input: a missing or unreadable file, a bad option. Nothing was run.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// The cloud refused or failed a request: credentials, an unknown endpoint, a template Heat rejects,
    /// retries used up.
    /// </summary>
    public const int CloudError = 3;

    /// <summary>
    /// The stack ended CREATE_FAILED (NODE_FAILURE): the root-cause resource and its reason are printed.
    /// </summary>
    public const int NodeFailure = 4;

    /// <summary>
    /// TIMED_OUT: the job wrote no exit marker before the job timeout (it may still run on the node).
    /// </summary>
    public const int TimedOut = 5;

    /// <summary>POST_FAILURE: the job passed, but collecting its logs failed or ran out of time.</summary>
    public const int PostFailure = 6;

    /// <summary>
    /// CONFIGURATION_ERROR: the job could not start as configured (a tripleo-ci ref without
    /// toci_gate_test.sh, a change that does not apply); traas.sh's line says what to fix.
    /// </summary>
    public const int ConfigurationError = 7;

    /// <summary>
    /// NO_CAPACITY: every provider serving the job type stayed full (its stack limit, or the cloud's
    /// capacity refusals) for --capacity-timeout minutes; the log names each provider and why.
    /// </summary>
    public const int NoCapacity = 8;

    /// <summary>A bug in traas-ci: the message and the exception are printed.</summary>
    public const int InternalError = 70;

    /// <summary>Cancelled by SIGINT or SIGTERM.</summary>
    public const int Cancelled = 130;
}
