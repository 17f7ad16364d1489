namespace Traas.Tool.Tests.Support;

/// <summary>What a run of traas.sh left: its status and what is in its TRAAS_ROOT.</summary>
/// <param name="Output">What traas.sh printed before its log took over (nothing, normally).</param>
internal sealed record TraasScriptResult(int ExitCode, string Root, string Output)
{
    public const string ConfigurationErrorPrefix = "traas: configuration error: ";

    public string Log => File.ReadAllText(Path.Combine(Root, "traas.log"));

    public IReadOnlyList<string> LogLines => Log.TrimEnd('\n').Split('\n');

    public string? Rc => File.Exists(Path.Combine(Root, "traas.rc"))
        ? File.ReadAllText(Path.Combine(Root, "traas.rc"))
        : null;

    public IReadOnlyList<string> ConfigurationErrors =>
        LogLines.Where(line => line.StartsWith(ConfigurationErrorPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>What the stand-in toci_gate_test.sh was given, or null when it did not run.</summary>
    public IReadOnlyDictionary<string, string>? TociEnvironment
    {
        get
        {
            var file = Path.Combine(Root, "workspace", "standin-toci-environment");
            if (!File.Exists(file))
                return null;
            return File.ReadLines(file).Where(line => line.Contains('=', StringComparison.Ordinal))
                .Select(line => line.Split('=', 2))
                .GroupBy(pair => pair[0])
                .ToDictionary(group => group.Key, group => group.First()[1]);
        }
    }

    /// <summary>For assertion messages: the status and the whole log.</summary>
    public string WhatHappened =>
        $"exit {ExitCode}; {Output}\n{(File.Exists(Path.Combine(Root, "traas.log")) ? Log : "(no traas.log)")}";
}
