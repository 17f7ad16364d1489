using System.Xml;

namespace Traas.Tool.GitHub;

/// <summary>
/// Reads <see cref="JUnitFacts"/> from junit.xml as a stream. The document is read to its end (the job's
/// testcase comes last, and every failing testcase is counted), but only the first failing testcases are
/// kept, each with the start of its text: a log with 300,000 failing tasks costs the memory of one with
/// 50. No DTD (JUnitWriter writes none; one could expand entities) and no resolver. The root, suites and
/// cases are read as XDocument had them: insignificant white space dropped, names without a namespace.
/// </summary>
internal sealed partial class JUnitFactsReader
{
    /// <summary>Characters kept of a failure's text: enough for its "line N of the log".</summary>
    private const int TextStart = 64;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
    };

    private readonly int _keep;
    private readonly List<FailingTask> _failures = [];
    private readonly Stack<OpenCase> _cases = new();
    private readonly char[] _chunk = new char[TextStart];
    private string? _name;
    private string? _suite;
    private long _failing;
    private bool _anyProblem;
    private bool _jobCaseSeen;
    private JobResult? _job;
    private Problem? _collecting;

    private JUnitFactsReader(int keep) => _keep = keep;

    /// <summary>The facts of the file at <paramref name="path"/>, its first <paramref name="keep"/> failures.</summary>
    /// <exception cref="XmlException">The file is not well-formed XML, or has a DTD.</exception>
    public static JUnitFacts Read(string path, int keep)
    {
        var scan = new JUnitFactsReader(keep);
        using (var reader = XmlReader.Create(path, Settings))
        {
            while (reader.Read())
                scan.Take(reader);
        }
        // Without the job's own testcase, any failure or error anywhere fails the job.
        var result = scan._job ?? (scan._anyProblem ? JobResult.Failed : JobResult.Passed);
        return new JUnitFacts(scan._name, scan._failures, scan._failing, result);
    }

    /// <summary>
    /// The line of the log a failure's text starts with, or null. The log's lines are counted in a long, and
    /// a number past an int (a check run annotation's line) gets no line link rather than an overflow.
    /// </summary>
    public static int? LineOf(string text) =>
        LinePattern().Match(text) is { Success: true } m
            && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var line)
                ? line
                : null;

    private void Take(XmlReader reader)
    {
        switch (reader.NodeType)
        {
            case XmlNodeType.Element:
                Start(reader);
                break;
            case XmlNodeType.EndElement:
                End(reader.Depth);
                break;
            case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                _collecting?.Append(reader, _chunk);
                break;
        }
    }

    private void Start(XmlReader reader)
    {
        var depth = reader.Depth;
        var name = reader.NamespaceURI.Length == 0 ? reader.LocalName : "";
        if (depth == 0)
            _name = reader.GetAttribute("name");
        else if (depth == 1)
            _suite = name == "testsuite" ? reader.GetAttribute("name") : null;
        if (name is "failure" or "error")
            StartProblem(reader, name, depth);
        if (name == "testcase")
        {
            var caseName = reader.GetAttribute("name") ?? "";
            // The job's testcase is the first of that name in a top-level suite named job.
            var isJob = !_jobCaseSeen && depth == 2 && _suite == "job"
                && caseName == Reporting.ReportGenerator.JobCaseName;
            _jobCaseSeen |= isJob;
            _cases.Push(new OpenCase(caseName, reader.GetAttribute("classname") ?? "", depth, isJob));
        }
        if (reader.IsEmptyElement)
            End(depth);
    }

    /// <summary>A testcase's first failure and first error are its own (a failure wins): their text is kept.</summary>
    private void StartProblem(XmlReader reader, string name, int depth)
    {
        _anyProblem = true;
        if (!_cases.TryPeek(out var open) || depth != open.Depth + 1
            || (name == "failure" ? open.Failure : open.Error) is not null)
            return;
        var problem = new Problem(reader.GetAttribute("message") ?? "", depth);
        if (name == "failure")
            open.Failure = problem;
        else
            open.Error = problem;
        _collecting = problem;
    }

    private void End(int depth)
    {
        if (_collecting?.Depth == depth)
            _collecting = null;
        if (_cases.TryPeek(out var open) && open.Depth == depth)
            Close(_cases.Pop());
    }

    private void Close(OpenCase open)
    {
        if (open.IsJob)
        {
            _job = open.Failure is not null ? JobResult.Failed
                : open.Error is not null ? JobResult.TimedOut
                : JobResult.Passed;
        }
        if ((open.Failure ?? open.Error) is not { } problem)
            return;
        _failing++;
        if (_failures.Count < _keep)
            _failures.Add(new FailingTask(open.Name, open.ClassName, problem.Message, LineOf(problem.Text)));
    }

    [GeneratedRegex(@"^line (\d+) of the log", RegexOptions.CultureInvariant)]
    private static partial Regex LinePattern();

    private sealed record OpenCase(string Name, string ClassName, int Depth, bool IsJob)
    {
        public Problem? Failure { get; set; }

        public Problem? Error { get; set; }
    }

    private sealed class Problem(string message, int depth)
    {
        private readonly StringBuilder _text = new();

        public string Message => message;

        public int Depth => depth;

        public string Text => _text.ToString();

        /// <summary>The start of the text node the reader is on, up to <see cref="TextStart"/> in all.</summary>
        public void Append(XmlReader reader, char[] chunk)
        {
            int read;
            while (_text.Length < TextStart
                && (read = reader.ReadValueChunk(chunk, 0, TextStart - _text.Length)) > 0)
                _text.Append(chunk, 0, read);
        }
    }
}
