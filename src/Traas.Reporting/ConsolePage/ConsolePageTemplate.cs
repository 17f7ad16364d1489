namespace Traas.Reporting.ConsolePage;

/// <summary>console-template.html, split where the log and the tail (header and failure card) go.</summary>
internal sealed class ConsolePageTemplate
{
    private const string LogMark = "<!--TRAAS:LOG-->";
    private const string TailMark = "<!--TRAAS:TAIL-->";

    private static readonly Lazy<ConsolePageTemplate> Instance = new(Load);

    private ConsolePageTemplate(string head, string middle, string end)
    {
        Head = head;
        Middle = middle;
        End = end;
    }

    /// <summary>Up to the log; holds {{TITLE}}.</summary>
    public string Head { get; }

    /// <summary>Between the log and the tail.</summary>
    public string Middle { get; }

    /// <summary>After the tail: the script.</summary>
    public string End { get; }

    public static ConsolePageTemplate Default => Instance.Value;

    private static ConsolePageTemplate Load()
    {
        var parts = EmbeddedTemplate.Split("console-template.html", LogMark, TailMark);
        return new ConsolePageTemplate(parts[0], parts[1], parts[2]);
    }
}
