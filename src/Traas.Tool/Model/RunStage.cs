namespace Traas.Tool.Model;

/// <summary>Where a run stands, in run order (the state file's `stage`, in kebab case).</summary>
internal enum RunStage
{
    /// <summary>The create request is on its way; Heat has not answered with an ID yet.</summary>
    Creating,

    /// <summary>Heat answered the create request: the stack is the run's (its ID is recorded).</summary>
    Created,
    Provisioned,
    Waiting,
    Waited,
    Collected,
    CollectFailed,
    Reported,

    /// <summary>The run ended and kept its stack (--keep).</summary>
    Kept,

    /// <summary>The run ended and deleted its stack.</summary>
    Deleted,

    /// <summary>The run ended without creating a stack (a taken name, a refused request).</summary>
    NothingCreated,
}
