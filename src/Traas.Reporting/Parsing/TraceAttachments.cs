namespace Traas.Reporting.Parsing;

/// <summary>
/// The attachments subunit-trace prints for a failed test (stestr's and os-testr's `print_attachments`):
/// `Captured NAME:`, a line of `~` as long, then the attachment's text with every line indented four
/// spaces (its blank lines come out blank). NAME is `traceback`, `pythonlogging`, `stdout`, `stderr`,
/// `reason` and the like. The traceback explains the failure; without one, all of them do.
/// </summary>
internal sealed partial class TraceAttachments(string id, long line)
{
    private const string Indent = "    ";

    private readonly StringBuilder _traceback = new();
    private readonly StringBuilder _others = new();
    private string? _name;
    private bool _tildeNext;
    private int _blankBefore;
    private bool _inFrames;
    private string? _exception;
    private string? _lastAtMargin;

    public string Id { get; } = id;
    public long Line { get; } = line;

    [GeneratedRegex(@"^Captured (\S+):$", RegexOptions.CultureInvariant)]
    private static partial Regex TitlePattern();

    /// <returns>False at the first line that is not part of the attachments: they end before it.</returns>
    public bool Continue(string content)
    {
        if (_tildeNext)
        {
            _tildeNext = false;
            if (content.Length > 0 && content.AsSpan().Trim('~').IsEmpty)
                return true;
        }
        if (content.Length == 0)
        {
            // print_attachments writes one blank line before each title.
            if (_name is null)
                return ++_blankBefore <= 2;
            Text().Append('\n');
            return true;
        }
        if (_name is not null && content.StartsWith(Indent, StringComparison.Ordinal))
        {
            var text = Text();
            if (text.Length < ReportLimits.ResultBodyChars)
                text.Append(content.AsSpan(Indent.Length)).Append('\n');
            if (_name == "traceback")
                ReadTraceback(content.AsSpan(Indent.Length));
            return true;
        }
        var title = content.Length <= 200 ? TitlePattern().Match(content) : Match.Empty;
        if (!title.Success)
            return false;
        _name = title.Groups[1].Value;
        _tildeNext = true;
        if (_name != "traceback")
        {
            // The blank lines before this title end the attachment before it.
            while (_others.Length > 0 && _others[^1] == '\n')
                _others.Length--;
            _others.Append(_others.Length > 0 ? "\n\n" : "").Append(_name).Append(":\n");
        }
        return true;
    }

    public bool HasText => _traceback.Length > 0 || _others.Length > 0;

    /// <summary>The failed test these attachments explain: the reason is the traceback's exception line.</summary>
    public TempestTest ToTest()
    {
        var traceback = _traceback.ToString().Trim('\n');
        var detail = traceback.Length > 0 ? traceback : _others.ToString().Trim('\n');
        return new TempestTest(Id, TempestStatus.Failed, null, _exception ?? _lastAtMargin, Line, detail);
    }

    private StringBuilder Text() => _name == "traceback" ? _traceback : _others;

    /// <summary>
    /// What a Python traceback says went wrong: the first line back at the margin after the last
    /// `Traceback (most recent call last):` (a chained exception's last), as `traceback` prints it;
    /// lines after it go on with its message. Without that header, the last line at the margin. Read
    /// as the lines come: a traceback cut for its size still has it.
    /// </summary>
    private void ReadTraceback(ReadOnlySpan<char> line)
    {
        if (line.StartsWith("Traceback (most recent call last)", StringComparison.Ordinal))
        {
            (_inFrames, _exception) = (true, null);
            return;
        }
        if (line.IsEmpty || char.IsWhiteSpace(line[0]))
            return;
        _lastAtMargin = Cut(line.TrimEnd());
        if (_inFrames)
            (_inFrames, _exception) = (false, _lastAtMargin);
    }

    private static string Cut(ReadOnlySpan<char> line) => line.Length <= ReportLimits.ExcerptChars
        ? line.ToString() : string.Concat(line[..ReportLimits.ExcerptChars], "\u2026");
}
