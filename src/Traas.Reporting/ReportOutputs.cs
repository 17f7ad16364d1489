namespace Traas.Reporting;

/// <summary>Where the four artifacts go. The caller owns the streams.</summary>
public sealed record ReportOutputs(Stream JUnit, Stream ConsolePage, Stream Summary, Stream CommentSummary);
