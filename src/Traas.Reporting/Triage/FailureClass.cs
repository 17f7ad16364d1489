namespace Traas.Reporting.Triage;

/// <summary>What a failure pattern says about a failure.</summary>
public enum FailureClass
{
    /// <summary>The change or the job broke: a failing task, a test, a deployment error.</summary>
    Job,

    /// <summary>
    /// The infrastructure broke: capacity, the network, mirrors, registries, disks, a timeout that
    /// killed the job. Running again may pass.
    /// </summary>
    Infra,

    /// <summary>Says that something failed, not why (a stack failed, a deploy failed): never decides.</summary>
    Info,
}
