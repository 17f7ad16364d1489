namespace Traas.Reporting;

public sealed record ReportOptions
{
    /// <summary>The job's name in the artifacts, e.g. the TOCI_JOBTYPE.</summary>
    public string JobName { get; init; } = "traas job";

    /// <summary>Where summary links to lines point.</summary>
    public string ConsoleUrl { get; init; } = "console.html";

    public int MaxLineBytes { get; init; } = Input.LogLineReader.DefaultMaxLineBytes;

    /// <summary>
    /// Subunit streams, v2 or v1 text (plain or gzipped), whose tests become testcases in junit.xml, one suite per
    /// stream: what `report --subunit FILE` names, and what <see cref="Subunit.SubunitFiles.Find"/>
    /// finds among the collected logs. Each must exist: a missing file throws <see cref="FileNotFoundException"/>.
    /// </summary>
    public IReadOnlyList<string> SubunitFiles { get; init; } = [];

    /// <summary>The run's verdict, when it knows better than the log (see <see cref="Model.RunVerdict"/>).</summary>
    public Model.RunVerdict? RunVerdict { get; init; }

    /// <summary>
    /// What classifies a failure as infrastructure or job (<see cref="Triage.FailureClassifier"/>): the
    /// shipped set, or a user's fingerprints before it (<see cref="Triage.FailurePatterns.Extend"/>).
    /// </summary>
    public IReadOnlyList<Triage.FailurePattern> FailurePatterns { get; init; } = Triage.FailurePatterns.Shipped;

    /// <summary>The run's own lines under the result (where it ran, a held environment), as plain text.</summary>
    public IReadOnlyList<string> RunNotes { get; init; } = [];

    /// <summary>What is replaced by *** in every line before it is read (secrets); none when null.</summary>
    public Input.Redactor? Redactor { get; init; }
}
