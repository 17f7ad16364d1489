namespace Traas.Reporting.Subunit;

/// <summary>Finds the subunit streams among a job's collected logs.</summary>
public static class SubunitFiles
{
    /// <summary>
    /// `*.subunit`, `*.subunit.gz` (tripleo-ci's testrepository.subunit.gz), stestr's `.stestr/N` and
    /// testrepository's `.testrepository/N` (v1 or v2, by its version) under <paramref name="folder"/>, in
    /// ordinal order of their paths; none when the folder does not exist.
    /// </summary>
    public static IReadOnlyList<string> Find(string folder)
    {
        if (!Directory.Exists(folder))
            return [];
        // .stestr is a dot folder: Unix counts it as hidden, which enumeration skips by default.
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
        };
        return [.. Directory.EnumerateFiles(folder, "*", options).Where(IsStream).Order(StringComparer.Ordinal)];
    }

    private static bool IsStream(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".subunit", StringComparison.Ordinal)
            || name.EndsWith(".subunit.gz", StringComparison.Ordinal))
            return true;
        return name.Length > 0 && name.All(char.IsAsciiDigit)
            && Path.GetFileName(Path.GetDirectoryName(path)) is ".stestr" or ".testrepository";
    }
}
