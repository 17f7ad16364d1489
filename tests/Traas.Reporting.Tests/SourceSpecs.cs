using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>How Traas.Reporting's source is kept (STYLE.md).</summary>
public sealed class SourceSpecs
{
    private const int MaxLine = 120;

    [Fact]
    public void Source_lines_of_Traas_Reporting_are_at_most_120_characters()
    {
        var source = Path.Combine(RepoPaths.Root, "src", "Traas.Reporting");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var longLines = files.SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Number: i + 1, line.Length)))
            .Where(l => l.Length > MaxLine).Select(l => $"{Path.GetRelativePath(source, l.File)}:{l.Number} ({l.Length})");

        Assert.NotEmpty(files);
        Assert.Empty(longLines);
    }
}
