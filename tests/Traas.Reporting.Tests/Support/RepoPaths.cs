namespace Traas.Reporting.Tests.Support;

/// <summary>Paths in the source tree, found from the test binary's location.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestProject => Path.Combine(Root, "tests", "Traas.Reporting.Tests");

    public static string Logs => Path.Combine(TestProject, "Logs");

    public static string Approved => Path.Combine(TestProject, "Approved");

    public static string Schemas => Path.Combine(TestProject, "Schemas");

    /// <summary>
    /// ../shared beside the clone (CI puts it there): real logs nobody here wrote, read where they
    /// are, never copied into the repository.
    /// </summary>
    public static string Shared
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            if (!Directory.Exists(Path.Combine(shared, "reallogs")))
                throw new DirectoryNotFoundException($"{shared}/reallogs is missing: the real-log tests read ../shared beside the clone");
            return shared;
        }
    }

    public static string RealLogs => Path.Combine(Shared, "reallogs");

    public static string SubunitStreams => Path.Combine(RealLogs, "subunit");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Traas.Ci.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Traas.Ci.sln not found above {AppContext.BaseDirectory}");
    }
}
