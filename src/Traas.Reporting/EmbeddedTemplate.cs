namespace Traas.Reporting;

/// <summary>The HTML templates embedded in Traas.Reporting (LogicalName Traas.Reporting.FILE in the csproj).</summary>
internal static class EmbeddedTemplate
{
    /// <summary>The text of <paramref name="file"/> cut at each of <paramref name="marks"/>, in order.</summary>
    public static string[] Split(string file, params string[] marks)
    {
        using var stream = typeof(EmbeddedTemplate).Assembly.GetManifestResourceStream($"Traas.Reporting.{file}")
            ?? throw new InvalidOperationException($"{file} is not embedded in Traas.Reporting");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var parts = new string[marks.Length + 1];
        var start = 0;
        for (var i = 0; i < marks.Length; i++)
        {
            var at = text.IndexOf(marks[i], start, StringComparison.Ordinal);
            parts[i] = text[start..at];
            start = at + marks[i].Length;
        }
        parts[^1] = text[start..];
        return parts;
    }
}
