namespace Traas.Reporting.Subunit;

/// <summary>subunit v2's test statuses (the packet's low three flag bits) that end a test.</summary>
internal enum SubunitStatus
{
    Success,
    /// <summary>Failed as expected: counts as a pass.</summary>
    ExpectedFailure,
    Skip,
    Fail,
    /// <summary>Passed though expected to fail: counts as a failure.</summary>
    UnexpectedSuccess,
    /// <summary>Started (or only had attachments) and never ended: counts as a failure.</summary>
    Unfinished,
}

/// <summary>One test of a subunit stream, as testtools' StreamToDict folds its events.</summary>
/// <param name="Attachments">File attachments by name (`traceback`, `reason`, ...), each cut to a bound.</param>
internal sealed record SubunitTest(string Id, SubunitStatus Status, DateTime? Start, DateTime? End,
    IReadOnlyDictionary<string, string> Attachments)
{
    /// <summary>Seconds from the test's first event to its last, as subunit2junitxml counts them.</summary>
    public double Seconds => Start is { } start && End is { } end ? Math.Max(0, (end - start).TotalSeconds) : 0;

    public bool IsFailure =>
        Status is SubunitStatus.Fail or SubunitStatus.UnexpectedSuccess or SubunitStatus.Unfinished;

    public string? Attachment(string name) => Attachments.GetValueOrDefault(name);

    /// <summary>junitxml's split: the classname ends at the last dot before any "(".</summary>
    public (string Classname, string Name) JUnitName()
    {
        var paren = Id.IndexOf('(');
        var end = paren < 0 ? Id.Length - 1 : paren;
        var dot = end <= 0 ? -1 : Id.LastIndexOf('.', end - 1);
        return dot < 0 ? ("", Id) : (Id[..dot], Id[(dot + 1)..]);
    }
}
