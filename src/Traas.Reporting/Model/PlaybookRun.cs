namespace Traas.Reporting.Model;

/// <summary>
/// One ansible-playbook run. Named by tripleo-ci's `Playbook run of X ...` marker, else by the
/// `PLAYBOOK: X` banner (or Zuul's phase), else by its position.
/// </summary>
/// <param name="Hosts">Per host, the results counted in this run, with PLAY RECAP's meaning.</param>
/// <param name="Recap">Per host, what this run's PLAY RECAP says; null when the run has none (it did not end).</param>
public sealed record PlaybookRun(int Index, string Name, bool HasMarker, bool? MarkerPassed, long Line,
    IReadOnlyDictionary<string, HostCounts> Hosts, IReadOnlyDictionary<string, HostCounts>? Recap);
