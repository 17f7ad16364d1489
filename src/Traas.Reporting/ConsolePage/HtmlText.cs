namespace Traas.Reporting.ConsolePage;

/// <summary>
/// The one HTML encoder of console.html. Every character of the log goes through it: markup
/// characters become entities and control characters their visible Unicode pictures, so no
/// byte of the log can become markup, not even inside the inert script blocks that hold lines.
/// </summary>
internal static class HtmlText
{
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "<>&\"'\x7f\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0a\x0b\x0c\x0d\x0e\x0f"
            + "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f");

    public static void Write(TextWriter writer, ReadOnlySpan<char> text)
    {
        while (true)
        {
            var at = text.IndexOfAny(Special);
            if (at < 0)
            {
                writer.Write(text);
                return;
            }
            writer.Write(text[..at]);
            writer.Write(Entity(text[at]));
            text = text[(at + 1)..];
        }
    }

    /// <summary>Like <see cref="Write"/>, but keeps line breaks (for text shown with white-space: pre-wrap).</summary>
    public static void WriteLines(TextWriter writer, string text)
    {
        var first = true;
        foreach (var line in text.Split('\n'))
        {
            if (!first)
                writer.Write('\n');
            Write(writer, line);
            first = false;
        }
    }

    public static string Encode(string text)
    {
        using var writer = new StringWriter();
        Write(writer, text);
        return writer.ToString();
    }

    private static string Entity(char c) => c switch
    {
        '<' => "&lt;",
        '>' => "&gt;",
        '&' => "&amp;",
        '"' => "&quot;",
        '\'' => "&#39;",
        '\x7f' => "\u2421",
        // C0 controls are shown as U+2400..U+241F ("control pictures").
        _ => ((char)(0x2400 + c)).ToString(),
    };
}
