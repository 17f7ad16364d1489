namespace Traas.Reporting.ConsolePage;

/// <summary>Renders a line's ANSI SGR colours as spans with CSS classes; drops every other escape.</summary>
internal static class AnsiHtml
{
    public static void Write(TextWriter writer, string line)
    {
        var escape = line.IndexOf('\x1b');
        if (escape < 0)
        {
            HtmlText.Write(writer, line);
            return;
        }
        var state = new SgrState();
        var open = false;
        var at = 0;
        while (escape >= 0)
        {
            HtmlText.Write(writer, line.AsSpan(at, escape - at));
            var end = Input.LineCleaner.SkipEscape(line, escape);
            if (end - escape >= 3 && line[end - 1] == 'm' && line[escape + 1] == '[')
            {
                state.Apply(line.AsSpan(escape + 2, end - escape - 3));
                if (open)
                    writer.Write("</span>");
                var tag = state.OpenTag();
                open = tag is not null;
                if (open)
                    writer.Write(tag);
            }
            at = end;
            escape = at < line.Length ? line.IndexOf('\x1b', at) : -1;
        }
        HtmlText.Write(writer, line.AsSpan(at));
        if (open)
            writer.Write("</span>");
    }

    private struct SgrState
    {
        private int _fg;
        private int _bg;
        private bool _bold;
        private bool _italic;
        private bool _underline;

        public void Apply(ReadOnlySpan<char> parameters)
        {
            if (parameters.IsEmpty)
            {
                this = default;
                return;
            }
            // 256-colour (38;5;n) and true-colour (38;2;r;g;b) arguments are not codes of their own.
            var skip = 0;
            var extended = false;
            foreach (var range in parameters.Split(';'))
            {
                var code = int.TryParse(parameters[range], out var parsed) ? parsed : 0;
                if (extended)
                {
                    skip = code == 2 ? 3 : 1;
                    extended = false;
                    continue;
                }
                if (skip > 0)
                {
                    skip--;
                    continue;
                }
                switch (code)
                {
                    case 0: this = default; break;
                    case 1: _bold = true; break;
                    case 3: _italic = true; break;
                    case 4: _underline = true; break;
                    case 22: _bold = false; break;
                    case 23: _italic = false; break;
                    case 24: _underline = false; break;
                    case >= 30 and <= 37: _fg = code - 30 + 1; break;
                    case 39: _fg = 0; break;
                    case >= 40 and <= 47: _bg = code - 40 + 1; break;
                    case 49: _bg = 0; break;
                    case >= 90 and <= 97: _fg = code - 90 + 9; break;
                    case >= 100 and <= 107: _bg = code - 100 + 1; break;
                    case 38 or 48: extended = true; break;
                }
            }
        }

        private readonly int Key =>
            _fg | (_bg << 5) | (_bold ? 1 << 10 : 0) | (_italic ? 1 << 11 : 0) | (_underline ? 1 << 12 : 0);

        /// <summary>
        /// The opening span tag for this state, or null for plain text. Tags are built once per state.
        /// </summary>
        public readonly string? OpenTag()
        {
            var key = Key;
            if (key == 0)
                return null;
            lock (Tags)
            {
                if (Tags.TryGetValue(key, out var tag))
                    return tag;
                var builder = new StringBuilder();
                if (_fg > 0)
                    builder.Append(" f").Append(_fg - 1);
                if (_bg > 0)
                    builder.Append(" g").Append(_bg - 1);
                if (_bold)
                    builder.Append(" ab");
                if (_italic)
                    builder.Append(" ai");
                if (_underline)
                    builder.Append(" au");
                tag = $"<span class=\"{builder.ToString().TrimStart()}\">";
                Tags.Add(key, tag);
                return tag;
            }
        }
    }

    private static readonly Dictionary<int, string> Tags = [];
}
