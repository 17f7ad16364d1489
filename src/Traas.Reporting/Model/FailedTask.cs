namespace Traas.Reporting.Model;

/// <summary>A failing (task, host) kept for the failure card and the summary.</summary>
/// <param name="Detail">For a command that failed with a bare "non-zero return code": the lines of its output that
/// say most (<see cref="Parsing.OutputExcerpt"/>).</param>
public sealed record FailedTask(string Playbook, string Play, string Task, string Host, ResultStatus Status,
    string Message, long Line, string? Detail = null);
