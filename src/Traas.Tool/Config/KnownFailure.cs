using Traas.Reporting.Triage;

namespace Traas.Tool.Config;

/// <summary>
/// A known failure: a name, a regex matched against each log line, a link explaining it, and its class
/// (a file's entry without one is a job failure: a known bug of the job, not of the cloud).
/// </summary>
internal sealed record KnownFailure(string Name, Regex Pattern, string? Url, FailureClass Class = FailureClass.Job);
