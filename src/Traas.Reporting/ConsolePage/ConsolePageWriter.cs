using Traas.Reporting.Input;
using Traas.Reporting.Parsing;

namespace Traas.Reporting.ConsolePage;

/// <summary>
/// Writes console.html while the log is read. Playbooks, plays and the RECAP become nested
/// &lt;details&gt;; a section's &lt;summary&gt; is written at its end, where its title and outcome are
/// known (the first summary child of a details element is its summary wherever it stands).
/// Lines wait gzip-compressed in inert script blocks (<see cref="LineBlock"/>) of a bounded size, so
/// the page is a fraction of the log. Tasks are not elements but records on the block where they end,
/// so a 200 MB log is a few thousand nodes until a play is opened; the page's script builds tasks then,
/// and inflates a block only when one of its lines is shown or searched. The header and failure card
/// come last in the file and are shown first by CSS order.
/// </summary>
internal sealed partial class ConsolePageWriter : ILogObserver, IDisposable
{
    private const int ChunkLines = 2000;
    private const int ChunkChars = 512 * 1024;

    private readonly TextWriter _out;
    private readonly LineBlock _block = new();
    private readonly Stack<long> _sectionStarts = new();
    private long _taskStart;
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
            _taskStart = line;
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
            _block.AddTask(_taskStart, lastLine, failed, title);
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
            AnsiHtml.Write(_block, line.Raw);
            return;
        }
        CloseLine();
        if (_block.IsOpen && (_block.LineCount >= ChunkLines || _block.CharCount >= ChunkChars))
            CloseChunk();
        OpenChunk(line.Number);
        _block.StartLine();
        _block.Write(ClassLetter(lineClass));
        AnsiHtml.Write(_block, line.Raw);
        _lineOpen = true;
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
        if (!_block.IsOpen)
            _block.Open(firstLine);
    }

    private void CloseLine()
    {
        if (!_lineOpen)
            return;
        _block.Write('\n');
        _lineOpen = false;
    }

    private void CloseChunk()
    {
        CloseLine();
        if (_block.IsOpen)
            _block.WriteTo(_out);
    }

    public void Dispose() => _block.Dispose();

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
