using System.Globalization;
using Traas.Reporting.Input;
using Traas.Reporting.Parsing;

namespace Traas.Reporting.ConsolePage;

/// <summary>
/// Writes console.html while the log is read. Playbooks, plays and the RECAP become nested
/// &lt;details&gt;; a section's &lt;summary&gt; is written at its end, where its title and outcome are
/// known (the first summary child of a details element is its summary wherever it stands).
/// Lines wait in inert script blocks, one line each: a class letter, then the HTML-encoded text.
/// Tasks are markers among those lines, not elements, so a 200 MB log is a few thousand nodes until
/// a play is opened; the page's script builds lines and tasks then. The header and failure card
/// come last in the file and are shown first by CSS order.
/// </summary>
internal sealed partial class ConsolePageWriter : ILogObserver
{
    // Markers among the lines of a block. The encoder never writes C0 controls, so they cannot
    // come from the log.
    private const char TaskStart = '\u0001';
    private const char TaskEnd = '\u0002';
    private const int ChunkLines = 2000;
    private const int ChunkChars = 512 * 1024;

    private readonly TextWriter _out;
    private readonly Stack<long> _sectionStarts = new();
    private bool _chunkOpen;
    private int _chunkLines;
    private long _chunkChars;
    private bool _lineOpen;

    public ConsolePageWriter(TextWriter output, string title)
    {
        _out = output;
        var head = ConsolePageTemplate.Default.Head;
        _out.Write(head.Replace("{{TITLE}}", HtmlText.Encode(title), StringComparison.Ordinal));
    }

    public void OnSectionStart(SectionKind kind, long line, string title)
    {
        if (kind == SectionKind.Task)
        {
            CloseLine();
            OpenChunk(line);
            _out.Write(TaskStart);
            HtmlText.Write(_out, title);
            _out.Write('\n');
            return;
        }
        CloseChunk();
        _sectionStarts.Push(line);
        _out.Write("<details class=\"");
        _out.Write(KindClass(kind));
        _out.Write("\">");
    }

    public void OnSectionEnd(SectionKind kind, string title, bool failed, long lastLine)
    {
        if (kind == SectionKind.Task)
        {
            CloseLine();
            OpenChunk(lastLine + 1);
            _out.Write(TaskEnd);
            _out.Write(failed ? "1\n" : "0\n");
            return;
        }
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
        OpenChunk(line.Number);
        _out.Write(ClassLetter(lineClass));
        AnsiHtml.Write(_out, line.Raw);
        _lineOpen = true;
        _chunkLines++;
        _chunkChars += line.Raw.Length;
    }

    /// <summary>Closes the log and writes the header and the failure card.</summary>
    public void Complete(Model.JobReport report, string jobName)
    {
        CloseChunk();
        var template = ConsolePageTemplate.Default;
        _out.Write(template.Middle);
        WriteHeader(report, jobName);
        WriteFailureCard(report);
        _out.Write(template.End);
        _out.Flush();
    }

    /// <param name="firstLine">The number of the next log line, which the block's line count starts from.</param>
    private void OpenChunk(long firstLine)
    {
        if (_chunkOpen)
            return;
        _out.Write("<script type=\"text/x-traas-lines\" data-first=\"");
        _out.Write(firstLine.ToString(CultureInfo.InvariantCulture));
        _out.Write("\">");
        _chunkOpen = true;
    }

    private void CloseLine()
    {
        if (!_lineOpen)
            return;
        _out.Write('\n');
        _lineOpen = false;
    }

    private void CloseChunk()
    {
        CloseLine();
        if (!_chunkOpen)
            return;
        _out.Write("</script>");
        _chunkOpen = false;
        _chunkLines = 0;
        _chunkChars = 0;
    }

    private static string KindClass(SectionKind kind) => kind switch
    {
        SectionKind.Shell => "shell",
        SectionKind.Playbook => "playbook",
        SectionKind.Play => "play",
        _ => "recap",
    };

    /// <summary>The first character of every stored line; the page's script turns it into a CSS class.</summary>
    private static char ClassLetter(LineClass lineClass) => lineClass switch
    {
        LineClass.Error => 'e',
        LineClass.Warning => 'w',
        LineClass.Ok => 'o',
        LineClass.Changed => 'c',
        LineClass.Skipped => 's',
        LineClass.Banner => 'b',
        LineClass.Xtrace => 'x',
        LineClass.Marker => 'm',
        _ => '-',
    };
}
