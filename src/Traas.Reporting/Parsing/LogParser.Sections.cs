namespace Traas.Reporting.Parsing;

internal sealed partial class LogParser
{
    private sealed class Section(SectionKind kind, string title)
    {
        public SectionKind Kind { get; } = kind;
        public string Title { get; set; } = title;
        public bool Failed { get; set; }
    }

    private void OpenSection(SectionKind kind, long line, string title)
    {
        _sections.Add(new Section(kind, title));
        _observer.OnSectionStart(kind, line, title);
    }

    /// <summary>Closes open sections down to <paramref name="kind"/> (and it too, when inclusive).</summary>
    private void CloseSectionsTo(SectionKind kind, bool inclusive, string? playbookTitle = null)
    {
        while (_sections.Count > 0)
        {
            var top = _sections[^1];
            if (top.Kind < kind || (top.Kind == kind && !inclusive))
                return;
            if (top.Kind == SectionKind.Task && _builder.CurrentTaskFailing)
                top.Failed = true;
            if (top.Kind == SectionKind.Playbook && playbookTitle is not null)
                top.Title = playbookTitle;
            _sections.RemoveAt(_sections.Count - 1);
            if (top.Failed && _sections.Count > 0)
                _sections[^1].Failed = true;
            _observer.OnSectionEnd(top.Kind, top.Title, top.Failed, _lastLine - (_closingBeforeLine ? 1 : 0));
        }
    }

    private bool _closingBeforeLine;

    /// <summary>Sections close before the banner that ends them is written.</summary>
    private void CloseBefore(SectionKind kind, bool inclusive, string? playbookTitle = null)
    {
        _closingBeforeLine = true;
        CloseSectionsTo(kind, inclusive, playbookTitle);
        _closingBeforeLine = false;
    }

    private bool InSection(SectionKind kind) => _sections.Exists(s => s.Kind == kind);

    private void MarkSectionFailed()
    {
        if (_sections.Count > 0)
            _sections[^1].Failed = true;
    }

    private void StartRun(string? bannerName, long line)
    {
        var previous = _builder.RunOpen ? _builder.CurrentRunName : null;
        CloseBefore(SectionKind.Shell, inclusive: true, previous);
        if (_builder.RunOpen)
            _builder.EndRun(null, null, line);
        _builder.BeginRun(bannerName, line);
        _runHadRecap = false;
        OpenSection(SectionKind.Playbook, line, _builder.CurrentRunName);
    }

    private bool _runHadRecap;

    private void EnsureRunForPlay(long line)
    {
        if (!_builder.RunOpen || _runHadRecap || !InSection(SectionKind.Playbook))
            StartRun(null, line);
    }
}
