using System.Text;

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
                open = state.Classes(out var classes);
                if (open)
                    writer.Write($"<span class=\"{classes}\">");
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
            var codes = new List<int>();
            foreach (var range in parameters.Split(';'))
                codes.Add(int.TryParse(parameters[range], out var parsed) ? parsed : 0);
            for (var i = 0; i < codes.Count; i++)
            {
                var code = codes[i];
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
                    // 256-colour (5;n) and true-colour (2;r;g;b) arguments are not codes of their own.
                    case 38 or 48: i += i + 1 < codes.Count && codes[i + 1] == 2 ? 4 : 2; break;
                }
            }
        }

        public readonly bool Classes(out string classes)
        {
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
            classes = builder.ToString().TrimStart();
            return classes.Length > 0;
        }
    }
}
