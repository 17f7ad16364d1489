namespace Traas.Reporting.Parsing;

/// <summary>The collapsible levels of console.html, outermost first.</summary>
internal enum SectionKind
{
    Shell,
    Playbook,
    Play,
    Task,
    Recap,
}
