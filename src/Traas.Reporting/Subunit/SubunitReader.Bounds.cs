namespace Traas.Reporting.Subunit;

/// <summary>What the reader holds, bounded: the problems it keeps and the tests running at once.</summary>
internal sealed partial class SubunitReader
{
    private void AddProblem(string text)
    {
        if (_problems.Count < ReportLimits.SubunitProblemsKept)
            _problems.Add(text);
        else
            ProblemsLeftOut++;
    }

    /// <summary>The test that started first, reported as unfinished to make room.</summary>
    private SubunitTest LetGo()
    {
        var record = _started.First!.Value;
        var id = record.Id.Length <= 200 ? record.Id : record.Id[..200] + "\u2026";
        var (tests, mi) = (ReportLimits.SubunitTestsInProgress, ReportLimits.SubunitInProgressChars / 1048576);
        var limits = string.Create(CultureInfo.InvariantCulture, $"more than {tests} tests (or {mi} Mi characters "
            + $"of their ids and attachments) are running at byte {_offset}");
        AddProblem($"{limits}: the first to start, {id}, is reported as unfinished, "
            + "and what follows of it as a new test");
        return Unfinished(_started.First);
    }

    private SubunitTest Unfinished(LinkedListNode<Record> running)
    {
        Forget(running);
        // testtools ends a hung test with no end time.
        running.Value.End = null;
        running.Value.Status = -1;
        return ToTest(running.Value);
    }

    private void Forget(LinkedListNode<Record> running)
    {
        _inProgress.Remove(running.Value.Key);
        _started.Remove(running);
        _heldChars -= running.Value.Chars;
    }

    private void Hold(Record record, long chars)
    {
        record.Chars += chars;
        _heldChars += chars;
    }
}
