using System.Reflection;

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
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream("Traas.Reporting.health-template.html")
            ?? throw new InvalidOperationException("health-template.html is not embedded in Traas.Reporting");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var jobs = text.IndexOf(JobsMark, StringComparison.Ordinal);
        return new HealthPageTemplate(text[..jobs], text[(jobs + JobsMark.Length)..]);
    }
}
