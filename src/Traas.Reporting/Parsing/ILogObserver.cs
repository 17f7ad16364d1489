using Traas.Reporting.Input;

namespace Traas.Reporting.Parsing;

/// <summary>Receives the log as the parser sees it: every line once, in order, inside sections.</summary>
internal interface ILogObserver
{
    /// <param name="title">The title as far as it is known at the start; final for tasks, provisional for
    /// playbooks.</param>
    void OnSectionStart(SectionKind kind, long line, string title);

    /// <param name="title">Known only at the end: a playbook is named by the marker that follows it.</param>
    /// <param name="failed">True when something inside failed and was not ignored.</param>
    void OnSectionEnd(SectionKind kind, string title, bool failed, long lastLine);

    void OnLine(in LogLine line, LineClass lineClass);
}
