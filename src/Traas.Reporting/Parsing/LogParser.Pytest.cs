using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>
/// pytest's `= FAILURES =` and `= ERRORS =` sections: each failed test under a `___ head line ___` rule
/// (the node id past its file, `::` as `.`: `Class.test_x[param]`; `ERROR at setup of ...` for an error),
/// its source, `E   ` lines with the exception as pytest's junit.xml gives it in `message`, and
/// `path.py:208: AssertionError`. The section ends at the next `=` rule (`short test summary info`, the
/// counts). Its lines are read as any others too: the block only explains the tests they name.
/// </summary>
internal sealed partial class LogParser
{
    private bool _inPytestFailures;
    private PytestBlock? _pytestBlock;

    private sealed class PytestBlock(string headLine, long line)
    {
        // With the testcase's first line, within what junit.xml keeps of a text (JUnitWriter.Cut).
        private const int HalfChars = (ReportLimits.ResultBodyChars / 2) - 512;

        private readonly StringBuilder _head = new();
        private readonly Queue<string> _tail = new();
        private int _tailChars;
        private long _cut;

        public string HeadLine { get; } = headLine;
        public long Line { get; } = line;
        public StringBuilder Exception { get; } = new();
        public int ExceptionIndent { get; set; } = -1;
        public string? Location { get; set; }

        /// <summary>The start and the end (the exception, its place) within a result's size.</summary>
        public void Add(string text)
        {
            if (_head.Length < HalfChars && _tail.Count == 0)
            {
                _head.Append(text).Append('\n');
                return;
            }
            _tail.Enqueue(text);
            _tailChars += text.Length + 1;
            while (_tailChars > HalfChars && _tail.Count > 1)
            {
                _tailChars -= _tail.Dequeue().Length + 1;
                _cut++;
            }
        }

        public string Text()
        {
            var cut = _cut > 0 ? $"[... {_cut} lines cut: see console.html]\n" : "";
            return string.Concat(_head.ToString(), cut, string.Join('\n', _tail)).Trim('\n');
        }
    }

    [GeneratedRegex(@"^=+ (FAILURES|ERRORS) =+$", RegexOptions.CultureInvariant)]
    private static partial Regex PytestSectionPattern();

    [GeneratedRegex(@"^_{3,} (.+?) _{3,}$", RegexOptions.CultureInvariant)]
    private static partial Regex PytestHeaderPattern();

    // The crash's place under the block: "build/helper/metadata_add_all.py:208: AssertionError".
    [GeneratedRegex(@"^\S+:\d+: (\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PytestLocationPattern();

    private void ObservePytest(in LogLine line)
    {
        var content = line.Content;
        if (content.Length is 0 or > MaxTestLineChars)
        {
            _pytestBlock?.Add(content.Length == 0 ? "" : content[..MaxTestLineChars]);
            return;
        }
        if (content[0] == '=')
        {
            FinishPytestBlock();
            _inPytestFailures = PytestSectionPattern().IsMatch(content);
            return;
        }
        if (!_inPytestFailures)
            return;
        if (content[0] == '_' && PytestHeaderPattern().Match(content) is { Success: true } header)
        {
            FinishPytestBlock();
            _pytestBlock = new PytestBlock(header.Groups[1].Value, line.Number);
            return;
        }
        if (_pytestBlock is { } block)
            AddPytestLine(block, content);
    }

    private static void AddPytestLine(PytestBlock block, string content)
    {
        block.Add(content);
        if (content[0] == 'E' && (content.Length == 1 || content[1] == ' '))
        {
            var text = content.AsSpan(1);
            var indent = text.Length - text.TrimStart(' ').Length;
            if (block.ExceptionIndent < 0)
                block.ExceptionIndent = indent;
            if (block.Exception.Length < ReportLimits.ResultBodyChars)
                block.Exception.Append(text[Math.Min(indent, block.ExceptionIndent)..]).Append('\n');
        }
        else if (PytestLocationPattern().Match(content) is { Success: true } location)
            block.Location = location.Groups[1].Value;
    }

    private void FinishPytestBlock()
    {
        if (_pytestBlock is not { } block)
            return;
        _pytestBlock = null;
        var exception = block.Exception.ToString().TrimEnd();
        var reason = exception.Length > 0 ? exception : block.Location;
        var name = block.HeadLine;
        foreach (var prefix in (string[])["ERROR at setup of ", "ERROR at teardown of "])
            name = name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
        _builder.TestBlock(new TempestTest(name, TempestStatus.Failed, null, reason, block.Line,
            block.Text()), pytestHeadLine: true);
    }
}
