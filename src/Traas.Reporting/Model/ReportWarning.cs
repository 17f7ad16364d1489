namespace Traas.Reporting.Model;

/// <summary>
/// Something the report could not square with the log, in words a person can act on: a PLAY RECAP
/// row that disagrees with the results counted, one that could not be read, a test stream that
/// could not be read.
/// </summary>
/// <param name="Line">The log line it is about; null when it is about another file.</param>
public sealed record ReportWarning(long? Line, string Text);
