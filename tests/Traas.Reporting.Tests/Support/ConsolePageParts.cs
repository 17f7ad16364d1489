using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Traas.Reporting.ConsolePage;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// console.html split into the static template (checked once, against its own approved file) and
/// what depends on the log: the log's sections and lines, and the tail (header and failure card).
/// </summary>
internal sealed partial record ConsolePageParts(string Log, string Tail)
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

    /// <summary>
    /// What an approved file holds for one log: both parts, marked. Line blocks are shown inflated:
    /// their gzip bytes depend on the zlib build, what they hold does not.
    /// </summary>
    public string Approved(bool withLog) =>
        (withLog ? $"<!--LOG (line blocks shown inflated)-->\n{Inflated(Log)}" : "") + $"<!--TAIL-->\n{Tail}";

    /// <summary>
    /// The page with each line block's base64 gzip replaced by the lines it holds, after checking that
    /// it inflates to as many lines as its data-lines says.
    /// </summary>
    public static string Inflated(string page) => Block().Replace(page, match =>
    {
        var lines = Inflate(match.Groups["data"].Value);
        Assert.Equal(long.Parse(match.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture),
            lines.Count(c => c == '\n'));
        return match.Groups["open"].Value + (lines.Length > 0 ? "\n" + lines : "") + "</script>";
    });

    private static string Inflate(string base64)
    {
        if (base64.Length == 0)
            return "";
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(base64)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, new UTF8Encoding(false, true));
        return reader.ReadToEnd();
    }

    [GeneratedRegex("""(?<open><script type="text/x-traas-gz" data-first="\d+" data-lines="(?<count>\d+)"[^>]*>)"""
        + """(?<data>[A-Za-z0-9+/=]*)</script>""")]
    private static partial Regex Block();
}
