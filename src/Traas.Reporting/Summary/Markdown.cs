namespace Traas.Reporting.Summary;

/// <summary>Escaping for text that lands in GitHub-flavoured markdown.</summary>
internal static class Markdown
{
    /// <summary>Inline text: no markup, no HTML, no table breaks.</summary>
    public static string Text(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n' or '\r': builder.Append(' '); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '|' or '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '~':
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(IsHidden(c) ? '\uFFFD' : c);
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>A fenced block whose fence is longer than any backtick run inside it.</summary>
    public static string CodeBlock(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', Math.Max(3, longest + 1));
        var clean = new string(text.Select(c => IsHidden(c) && c != '\n' && c != '\t' ? '\uFFFD' : c).ToArray());
        return $"{fence}\n{clean}\n{fence}\n";
    }

    /// <summary>
    /// A code span that shows the text as it is, on one line. Its fence is one backtick longer than any run
    /// inside, so nothing inside closes it (CommonMark 0.30, 6.1); a line end would let the lines after it
    /// be read as blocks of their own (a blank line ends the list item and the span with it, and a
    /// <c>&lt;div&gt;</c> line starts raw HTML), so CR and LF become spaces, as they would inside a span.
    /// </summary>
    public static string Code(string text)
    {
        var builder = new StringBuilder(text.Length + 4);
        var (longest, run) = (0, 0);
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
            builder.Append(c is '\n' or '\r' ? ' ' : IsHidden(c) ? '\uFFFD' : c);
        }
        var fence = new string('`', longest + 1);
        // A backtick at either end would join the fence, and a space at both ends would be taken off:
        // one space inside each fence is taken off again, and keeps the text whole.
        var pad = text.Length == 0 || text[0] is '`' or ' ' || text[^1] is '`' or ' ' ? " " : "";
        return $"{fence}{pad}{builder}{pad}{fence}";
    }

    /// <summary>
    /// Control characters, and format characters (bidi overrides, zero-width ones), which can make text
    /// read other than it is: they are shown as U+FFFD.
    /// </summary>
    private static bool IsHidden(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
