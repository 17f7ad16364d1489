using CommandLine;

namespace Traas.Tool.Commands;

[Verb("release", HelpText = "Delete a held stack by NAME, or every expired hold (--all-expired), on every provider.")]
public sealed class ReleaseOptions : CloudOptions
{
    [Value(0, MetaName = "NAME", HelpText = "The held stack's name or id.")]
    public string? Name { get; init; }

    [Option("all-expired", HelpText = "Every hold whose traas-hold-until has passed.")]
    public bool AllExpired { get; init; }
}
