namespace Traas.Reporting.Parsing;

/// <summary>One host's result for the task being read, folded over loop items.</summary>
internal sealed class HostState(string host, long line)
{
    public string Host { get; } = host;
    public long Line { get; } = line;
    public int Items { get; set; }
    /// <summary>`included:` lines for this host: ansible counts each included file as one ok.</summary>
    public int Includes { get; set; }
    /// <summary>For <see cref="ReportBuilder.OverflowHost"/>: the hosts whose results it holds.</summary>
    public int Folded { get; set; }
    public bool AnyOk { get; set; }
    public bool AnyChanged { get; set; }
    public bool AnySkipped { get; set; }
    public bool AnyFailed { get; set; }
    public bool AnyUnreachable { get; set; }
    public bool Ignored { get; set; }
    public bool Rescued { get; set; }
    /// <summary>Failed, and the play may still run a rescue for this host.</summary>
    public bool PendingRescue { get; set; }
    /// <summary>
    /// Failed, then the host went on in the same play: a rescue block, or an always block. Only a
    /// PLAY RECAP with a rescued counter can tell; until then the task is held back.
    /// </summary>
    public bool RescueCandidate { get; set; }
    /// <summary>
    /// Failed in a loop item that tripleo_dense printed: it prints each failed item FATAL even under
    /// ignore_errors, and nothing for the task, so only the PLAY RECAP's ignored counter can tell.
    /// </summary>
    public bool MayBeIgnored { get; set; }

    public bool Undecided => PendingRescue || RescueCandidate;
    public long FailureLine { get; set; }
    /// <summary>Already added to the per-host counters.</summary>
    public bool Counted { get; set; }
    public string? Message { get; set; }
    /// <summary>For a message that says little, what the command printed (<see cref="OutputExcerpt"/>).</summary>
    public string? Detail { get; set; }
    public int DetailGrade { get; set; }
    public StringBuilder? Body { get; set; }

    public ResultStatus Status =>
        AnyUnreachable ? ResultStatus.Unreachable
        : AnyFailed ? (Ignored ? ResultStatus.Ignored : Rescued ? ResultStatus.Rescued : ResultStatus.Failed)
        : AnyChanged ? ResultStatus.Changed
        : AnyOk ? ResultStatus.Ok
        : AnySkipped ? ResultStatus.Skipped
        : ResultStatus.Ok;

    public bool IsFailing => AnyUnreachable || (AnyFailed && !Ignored && !Rescued);

    /// <summary>What failed, never empty: the result's message, else its first line, else where to look.</summary>
    public string FailureMessage
    {
        get
        {
            if (Message is { Length: > 0 } message)
                return message;
            var first = Body?.ToString().Split('\n').Select(l => l.Trim())
                .FirstOrDefault(l => l.Length > 0 && l != "{");
            if (first is not null)
                return first.Length > 300 ? first[..300] + "\u2026" : first;
            var what = AnyUnreachable ? "unreachable" : "failed";
            return $"{what}: the result at line {FailureLine} carries no message";
        }
    }

    public HostResult ToResult() => new()
    {
        Host = Host,
        Status = Status,
        Line = AnyFailed || AnyUnreachable ? FailureLine : Line,
        Items = Items,
        Message = Status is ResultStatus.Failed or ResultStatus.Unreachable ? FailureMessage : Message,
        // junit's text opens with what the output says, as the summary shows it; the full result follows.
        Body = Detail is null || !IsFailing ? Body?.ToString() : Body is null ? Detail : $"{Detail}\n\n{Body}",
    };
}
