namespace Traas.Reporting.History;

/// <summary>
/// health-template.html, split where the job sections go; the head holds {{TITLE}} and {{GENERATED}}.
/// </summary>
internal sealed class HealthPageTemplate
{
    private const string JobsMark = "<!--TRAAS:JOBS-->";

    private static readonly Lazy<HealthPageTemplate> Instance = new(Load);

    private HealthPageTemplate(string head, string end)
    {
        Head = head;
        End = end;
    }

    public string Head { get; }

    public string End { get; }

    public static HealthPageTemplate Default => Instance.Value;

    private static HealthPageTemplate Load()
    {
        var parts = EmbeddedTemplate.Split("health-template.html", JobsMark);
        return new HealthPageTemplate(parts[0], parts[1]);
    }
}
