using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>
/// ansible's debug stdout callback prints a result's output after it, at the margin:
/// `STDOUT:`, `STDERR:`, `MSG:` blocks. When a task ran ansible itself (TripleO's heat-config hooks),
/// a whole inner run (PLAY, TASK, PLAY RECAP) sits in its STDOUT. It belongs to the outer task: it
/// opens no run, play or host, and its recap is not compared with the outer counts.
/// </summary>
internal sealed partial class LogParser
{
    private sealed class DebugBlock(HostState target, string section)
    {
        private const int KeptLines = 10;

        public HostState Target { get; } = target;
        public string Section { get; set; } = section;
        public bool InnerRunSeen { get; set; }
        public bool InnerRunOpen { get; set; }
        public bool InnerRecap { get; set; }
        public StringBuilder Message { get; } = new();
        public Queue<string> Stdout { get; } = new();
        public Queue<string> Stderr { get; } = new();
        /// <summary>The same streams for the failure's detail: the lines that say most, not just the last.</summary>
        public CommandOutput StdoutOutput { get; } = new("stdout");
        public CommandOutput StderrOutput { get; } = new("stderr");

        public void Add(string text)
        {
            if (Section == "MSG")
            {
                if (Message.Length < ReportLimits.ResultBodyChars && (Message.Length > 0 || text.Length > 0))
                    Message.Append(text).Append('\n');
                return;
            }
            var stderr = Section.EndsWith("STDERR", StringComparison.Ordinal);
            var lines = stderr ? Stderr : Stdout;
            if (text.Length == 0 && lines.Count == 0)
                return;
            (stderr ? StderrOutput : StdoutOutput).Add(text);
            lines.Enqueue(text.Length > ReportLimits.ExcerptChars ? text[..ReportLimits.ExcerptChars] : text);
            if (lines.Count > KeptLines)
                lines.Dequeue();
        }
    }

    private DebugBlock? _debugBlock;

    private static string? DebugHeader(string content) => content switch
    {
        "STDOUT:" or "STDERR:" or "MSG:" or "MODULE_STDOUT:" or "MODULE_STDERR:" => content[..^1],
        _ => null,
    };

    private bool TryDebugHeader(in LogLine line)
    {
        if (_lastResult is null || DebugHeader(line.Content) is not { } section)
            return false;
        FinishPayload();
        _debugBlock = new DebugBlock(_lastResult, section);
        return true;
    }

    /// <returns>True when the line is part of the block (output of the task, nested runs included).</returns>
    private bool ContinueDebugBlock(in LogLine line)
    {
        var block = _debugBlock!;
        var content = line.Content;
        if (DebugHeader(content) is { } section)
        {
            block.Section = section;
            block.InnerRunOpen = block.InnerRecap = false;
            return true;
        }
        if (block.InnerRecap)
        {
            if (content.Length == 0 || content.Contains(" : ok=", StringComparison.Ordinal))
            {
                block.Add(content);
                return true;
            }
            block.InnerRunOpen = block.InnerRecap = false;
        }
        var outer = IsOuterAnsibleLine(content);
        if (outer && block.Section.EndsWith("STDOUT", StringComparison.Ordinal))
        {
            if (!block.InnerRunSeen && (content.StartsWith("PLAY [", StringComparison.Ordinal)
                || content.StartsWith("PLAYBOOK: ", StringComparison.Ordinal)))
                block.InnerRunSeen = block.InnerRunOpen = true;
            if (block.InnerRunOpen)
            {
                block.InnerRecap = content.StartsWith("PLAY RECAP", StringComparison.Ordinal);
                block.Add(content);
                return true;
            }
        }
        if (outer)
        {
            FinishDebugBlock();
            return false;
        }
        block.Add(content);
        return true;
    }

    private static readonly string[] OuterPrefixes =
    [
        "PLAY [", "PLAY RECAP", "TASK [", "RUNNING HANDLER [", "PLAYBOOK: ", "NO MORE HOSTS", "...ignoring",
        "included: ",
    ];

    private static bool IsOuterAnsibleLine(string content) =>
        Array.Exists(OuterPrefixes, p => content.StartsWith(p, StringComparison.Ordinal))
        || ResultKindOf(content, out _) is not null;

    private void FinishDebugBlock()
    {
        if (_debugBlock is not { } block)
            return;
        _debugBlock = null;
        if (block.Message.Length > 0)
            ResultPayload.AttachField(block.Target, "msg", block.Message.ToString().Trim('\n'));
        foreach (var (name, lines) in (ReadOnlySpan<(string, Queue<string>)>)[("stderr", block.Stderr),
            ("stdout", block.Stdout)])
        {
            if (lines.Count > 0)
                ResultPayload.AppendField(block.Target, name, string.Join('\n', lines).TrimEnd('\n'));
        }
        ResultPayload.Offer(block.Target, [block.StderrOutput, block.StdoutOutput]);
    }
}
