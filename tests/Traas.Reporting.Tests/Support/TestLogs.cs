namespace Traas.Reporting.Tests.Support;

internal static class TestLogs
{
    /// <summary>Every committed log, ours and the real ones (paths relative to Logs/).</summary>
    public static TheoryData<string> All() => Data(Names());

    private static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(RepoPaths.Logs, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepoPaths.Logs, f))
            .Order(StringComparer.Ordinal);

    private static TheoryData<string> Data(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names)
            data.Add(name);
        return data;
    }

    /// <summary>The real logs of ../shared/reallogs (file names; see <see cref="RepoPaths.RealLogs"/>).</summary>
    public static TheoryData<string> Shared() => Data(Directory.EnumerateFiles(RepoPaths.RealLogs)
        .Select(Path.GetFileName).Where(n => n is not null && !n.EndsWith(".md", StringComparison.Ordinal)).Select(n => n!)
        .Order(StringComparer.Ordinal));

    /// <summary>The logs that no one on this project wrote.</summary>
    public static TheoryData<string> Real() => Data(Names().Where(n => n.StartsWith("real", StringComparison.Ordinal)));
}
