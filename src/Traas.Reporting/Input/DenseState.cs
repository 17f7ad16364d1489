namespace Traas.Reporting.Input;

/// <summary>
/// The state column of tripleo-ansible's tripleo_dense and tripleo_profile_tasks callbacks (their
/// `_get_state`, `'{:>10}'.format(state)`), one per word they print.
/// </summary>
internal enum DenseState
{
    Task,
    Handler,
    Cleanup,
    Start,
    Ok,
    Changed,
    Skipped,
    Fatal,
    Ignored,
    Unreachable,
    Included,
    Retry,
    Waiting,
    Warning,
    Deprecated,
    Timing,
    Summary,
}
