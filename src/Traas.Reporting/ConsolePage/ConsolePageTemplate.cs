using System.Reflection;

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
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream("Traas.Reporting.console-template.html")
            ?? throw new InvalidOperationException("console-template.html is not embedded in Traas.Reporting");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var log = text.IndexOf(LogMark, StringComparison.Ordinal);
        var tail = text.IndexOf(TailMark, StringComparison.Ordinal);
        return new ConsolePageTemplate(text[..log], text[(log + LogMark.Length)..tail],
            text[(tail + TailMark.Length)..]);
    }
}
