using System.Globalization;
using Traas.Reporting.Input;
using Traas.Reporting.Model;
using Traas.Reporting.Parsing;

namespace Traas.Reporting.ConsolePage;

/// <summary>
/// Writes console.html while the log is read. Sections become nested &lt;details&gt;; their lines go
/// into inert script blocks that the page's script renders on opening. A section's &lt;summary&gt; is
/// written at its end, where its title and outcome are known (the first summary child of a details
/// element is its summary wherever it stands). The header and failure card come last in the file
/// and are shown first by CSS order.
/// </summary>
public sealed partial class ConsolePageWriter : ILogObserver
{
    private const int ChunkLines = 1000;
    private const int ChunkChars = 256 * 1024;

    private readonly TextWriter _out;
    private readonly Stack<long> _sectionStarts = new();
    private bool _chunkOpen;
    private int _chunkLines;
    private long _chunkChars;
    private bool _lineOpen;

    public ConsolePageWriter(TextWriter output, string title)
    {
        _out = output;
        _out.Write(ConsolePageTemplate.Default.Head.Replace("{{TITLE}}", HtmlText.Encode(title), StringComparison.Ordinal));
    }

    public void OnSectionStart(SectionKind kind, long line)
    {
        CloseChunk();
        _sectionStarts.Push(line);
        _out.Write("<details class=\"");
        _out.Write(KindClass(kind));
        _out.Write("\">\n");
    }

    public void OnSectionEnd(SectionKind kind, string title, bool failed, long lastLine)
    {
        CloseChunk();
        var first = _sectionStarts.Pop();
        _out.Write(failed ? "<summary class=\"failed\">\u2717 " : "<summary class=\"passed\">");
        HtmlText.Write(_out, title);
        _out.Write("<span class=\"range\">");
        _out.Write(first == lastLine ? $"line {first}" : $"lines {first}\u2013{lastLine}");
        _out.Write("</span></summary></details>\n");
    }

    public void OnLine(in LogLine line, LineClass lineClass)
    {
        if (line.IsContinuation && _lineOpen)
        {
            AnsiHtml.Write(_out, line.Raw);
            _chunkChars += line.Raw.Length;
            return;
        }
        CloseLine();
        if (_chunkOpen && (_chunkLines >= ChunkLines || _chunkChars >= ChunkChars))
            CloseChunk();
        if (!_chunkOpen)
        {
            _out.Write("<script type=\"text/x-traas-lines\" data-first=\"");
            _out.Write(line.Number.ToString(CultureInfo.InvariantCulture));
            _out.Write("\">");
            _chunkOpen = true;
        }
        Span<char> number = stackalloc char[20];
        line.Number.TryFormat(number, out var digits, provider: CultureInfo.InvariantCulture);
        number = number[..digits];
        _out.Write("<div class=\"ln");
        _out.Write(LineClassName(lineClass));
        _out.Write("\" id=\"L");
        _out.Write(number);
        _out.Write("\"><a href=\"#L");
        _out.Write(number);
        _out.Write("\">");
        _out.Write(number);
        _out.Write("</a>");
        AnsiHtml.Write(_out, line.Raw);
        _lineOpen = true;
        _chunkLines++;
        _chunkChars += line.Raw.Length;
    }

    /// <summary>Closes the log and writes the header and the failure card.</summary>
    public void Complete(JobReport report, string jobName)
    {
        CloseChunk();
        var template = ConsolePageTemplate.Default;
        _out.Write(template.Middle);
        WriteHeader(report, jobName);
        WriteFailureCard(report);
        _out.Write(template.End);
        _out.Flush();
    }

    private void CloseLine()
    {
        if (!_lineOpen)
            return;
        _out.Write("</div>");
        _lineOpen = false;
    }

    private void CloseChunk()
    {
        CloseLine();
        if (!_chunkOpen)
            return;
        _out.Write("</script>\n");
        _chunkOpen = false;
        _chunkLines = 0;
        _chunkChars = 0;
    }

    private static string KindClass(SectionKind kind) => kind switch
    {
        SectionKind.Shell => "shell",
        SectionKind.Playbook => "playbook",
        SectionKind.Play => "play",
        SectionKind.Task => "task",
        _ => "recap",
    };

    private static string LineClassName(LineClass lineClass) => lineClass switch
    {
        LineClass.Error => " e",
        LineClass.Warning => " w",
        LineClass.Ok => " o",
        LineClass.Changed => " c",
        LineClass.Skipped => " s",
        LineClass.Banner => " b",
        LineClass.Xtrace => " x",
        LineClass.Marker => " m",
        _ => "",
    };
}
