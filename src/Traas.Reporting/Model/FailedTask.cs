namespace Traas.Reporting.Model;

/// <summary>A failing (task, host) kept for the failure card and the summary.</summary>
public sealed record FailedTask(string Playbook, string Play, string Task, string Host, ResultStatus Status, string Message, long Line);
