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
                    builder.Append(char.IsControl(c) ? '\uFFFD' : c);
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
        var clean = new string(text.Select(c => char.IsControl(c) && c != '\n' && c != '\t' ? '\uFFFD' : c).ToArray());
        return $"{fence}\n{clean}\n{fence}\n";
    }
}
