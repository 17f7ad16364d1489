using Traas.Reporting.Input;
using Traas.Reporting.Triage;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Config;

/// <summary>
/// Known-failure fingerprints (a YAML list of name, regex, url and class), matched against traas.log
/// line by line. The starter file ships with the tool (Config/known-failures.yaml). A user's file
/// extends the shipped failure patterns (<see cref="LoadWithShipped"/>): its entries come first, and
/// an entry named as a shipped pattern replaces it.
/// </summary>
internal static class KnownFailures
{
    public static string StarterFile => Path.Combine(AppContext.BaseDirectory, "known-failures.yaml");

    public static IReadOnlyList<KnownFailure> Load(string path)
    {
        var root = BoundedYaml.LoadFile(path, "--known-failures");
        if (root is null)
            return [];
        if (root is not YamlSequenceNode entries)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{path}: expected a list of entries with name, regex, url and class");
        }
        var failures = new List<KnownFailure>();
        foreach (var entry in entries)
        {
            var line = entry.Start.Line;
            if (entry is not YamlMappingNode map)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"{path}:{line}: expected an entry with name, regex and url");
            }
            string? Field(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node)
                ? (node as YamlScalarNode)?.Value
                : null;
            var name = Field("name")
                ?? throw new TraasException(ExitCodes.BadInput, $"{path}:{line}: the entry has no name");
            var regex = Field("regex")
                ?? throw new TraasException(ExitCodes.BadInput, $"{path}:{line}: {name} has no regex");
            var classText = Field("class");
            if (!FailurePattern.TryParseClass(classText ?? "job", out var failureClass))
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"{path}:{line}: the class of {name} is '{classText}': give infra, job or info");
            }
            try
            {
                failures.Add(new KnownFailure(name,
                    new Regex(regex, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), Field("url"),
                    failureClass));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"{path}:{line}: the regex of {name} is not usable: {e.Message}");
            }
        }
        return failures;
    }

    /// <summary>
    /// A fingerprints file and the shipped patterns: the file's entries first, then the shipped ones
    /// whose names they do not take (<see cref="FailurePatterns.Extend"/>).
    /// </summary>
    public static IReadOnlyList<KnownFailure> LoadWithShipped(string path) =>
        [.. FailurePatterns.Extend(Load(path).Select(f => new FailurePattern(f.Name, f.Pattern, f.Class, f.Url)))
            .Select(p => new KnownFailure(p.Name, p.Regex, p.Url, p.Class))];

    /// <summary>The fingerprints as the report's failure patterns (what classifies a failure).</summary>
    public static IReadOnlyList<FailurePattern> Patterns(IReadOnlyList<KnownFailure> failures) =>
        [.. failures.Select(f => new FailurePattern(f.Name, f.Pattern, f.Class, f.Url))];

    /// <summary>Matches every fingerprint against every line of the log (ANSI codes removed).</summary>
    public static IReadOnlyList<KnownFailureMatch> Match(IReadOnlyList<KnownFailure> failures, string logPath)
    {
        if (failures.Count == 0 || !File.Exists(logPath))
            return [];
        var first = new long[failures.Count];
        var counts = new int[failures.Count];
        long number = 0;
        foreach (var raw in File.ReadLines(logPath))
        {
            number++;
            var line = LineCleaner.Clean(number, raw, isContinuation: false).Content;
            for (var i = 0; i < failures.Count; i++)
            {
                if (!IsMatch(failures[i].Pattern, line))
                    continue;
                if (counts[i]++ == 0)
                    first[i] = number;
            }
        }
        return [.. failures.Select((f, i) => new KnownFailureMatch(f, first[i], counts[i])).Where(m => m.Count > 0)];
    }

    /// <summary>A shipped pattern may backtrack, bounded by its timeout: a line that keeps it busy, no match.</summary>
    private static bool IsMatch(Regex pattern, string line)
    {
        try
        {
            return pattern.IsMatch(line);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
