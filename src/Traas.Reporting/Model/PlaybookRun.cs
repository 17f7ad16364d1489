namespace Traas.Reporting.Model;

/// <summary>
/// One ansible-playbook run. Named by tripleo-ci's `Playbook run of X ...` marker, else by the
/// `PLAYBOOK: X` banner, else by its position.
/// </summary>
public sealed record PlaybookRun(int Index, string Name, bool HasMarker, bool? MarkerPassed, long Line);
