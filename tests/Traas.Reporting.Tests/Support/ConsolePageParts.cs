using Traas.Reporting.ConsolePage;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// console.html split into the static template (checked once, against its own approved file) and
/// what depends on the log: the log's sections and lines, and the tail (header and failure card).
/// </summary>
internal sealed record ConsolePageParts(string Log, string Tail)
{
    public const string TitleMark = "{{TITLE}}";

    public static ConsolePageParts Of(string page, string title)
    {
        var template = ConsolePageTemplate.Default;
        var head = template.Head.Replace(TitleMark, HtmlText.Encode(title), StringComparison.Ordinal);
        Assert.True(page.StartsWith(head, StringComparison.Ordinal), "the page does not start with the template's head");
        Assert.True(page.EndsWith(template.End, StringComparison.Ordinal), "the page does not end with the template's script");
        var middle = page.IndexOf(template.Middle, head.Length, StringComparison.Ordinal);
        Assert.True(middle >= 0, "the page does not hold the template's middle");
        var tail = middle + template.Middle.Length;
        return new ConsolePageParts(page[head.Length..middle], page[tail..^template.End.Length]);
    }

    /// <summary>The template with markers where the title, the log and the tail go.</summary>
    public static string Template()
    {
        var template = ConsolePageTemplate.Default;
        return template.Head + "<!--LOG-->" + template.Middle + "<!--TAIL-->" + template.End;
    }

    /// <summary>What an approved file holds for one log: both parts, marked.</summary>
    public string Approved(bool withLog) =>
        (withLog ? $"<!--LOG-->\n{Log}" : "") + $"<!--TAIL-->\n{Tail}";
}
