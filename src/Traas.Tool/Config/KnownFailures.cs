using System.Text.RegularExpressions;
using Traas.Reporting.Input;
using Traas.Tool.Model;
using YamlDotNet.RepresentationModel;

namespace Traas.Tool.Config;

/// <summary>A known failure: a name, a regex matched against each log line, and a link explaining it.</summary>
internal sealed record KnownFailure(string Name, Regex Pattern, string? Url);

/// <summary>A known failure seen in the log: on which line first, and how many times.</summary>
internal sealed record KnownFailureMatch(KnownFailure Failure, long FirstLine, int Count);

/// <summary>
/// Known-failure fingerprints (a YAML list of name, regex, url), matched against traas.log line by
/// line. The starter file ships with the tool (Config/known-failures.yaml).
/// </summary>
internal static class KnownFailures
{
    public static string StarterFile => Path.Combine(AppContext.BaseDirectory, "known-failures.yaml");

    public static IReadOnlyList<KnownFailure> Load(string path)
    {
        var root = Read(path);
        if (root is null)
            return [];
        if (root is not YamlSequenceNode entries)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{path}: expected a list of entries with name, regex and url");
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
            try
            {
                failures.Add(new KnownFailure(name,
                    new Regex(regex, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), Field("url")));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"{path}:{line}: the regex of {name} is not usable: {e.Message}");
            }
        }
        return failures;
    }

    private static YamlNode? Read(string path)
    {
        try
        {
            using var reader = File.OpenText(path);
            return BoundedYaml.Load(reader);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TraasException(ExitCodes.BadInput, $"--known-failures {path}: no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraasException(ExitCodes.BadInput, $"--known-failures {path}: cannot read it: {e.Message}");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{path}:{e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (YamlLimitException e)
        {
            throw new TraasException(ExitCodes.BadInput, $"{path}:{e.Start.Line}: {e.Message}");
        }
    }

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
                if (!failures[i].Pattern.IsMatch(line))
                    continue;
                if (counts[i]++ == 0)
                    first[i] = number;
            }
        }
        return [.. failures.Select((f, i) => new KnownFailureMatch(f, first[i], counts[i])).Where(m => m.Count > 0)];
    }
}
