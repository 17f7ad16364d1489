namespace Traas.Reporting;

public sealed record ReportOptions
{
    /// <summary>The job's name in the artifacts, e.g. the TOCI_JOBTYPE.</summary>
    public string JobName { get; init; } = "traas job";

    /// <summary>Where summary links to lines point.</summary>
    public string ConsoleUrl { get; init; } = "console.html";

    public int MaxLineBytes { get; init; } = Input.LogLineReader.DefaultMaxLineBytes;
}
