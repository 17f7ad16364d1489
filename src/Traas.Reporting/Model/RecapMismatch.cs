namespace Traas.Reporting.Model;

/// <summary>A host whose counted results disagree with the log's own PLAY RECAP row.</summary>
public sealed record RecapMismatch(string Playbook, string Host, HostCounts Counted, HostCounts Recap, long RecapLine);
