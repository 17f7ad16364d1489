using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>What creating a stack takes besides its template (provision and run).</summary>
public abstract partial class StackOptions : CloudOptions, IEnvironmentOptions, IParameterOptions
{
    [Option("timeout", Default = 120, HelpText = "Minutes Heat may take to create the stack.")]
    public int Timeout { get; init; }

    [Option("capacity-timeout", Default = 60.0, HelpText = "Minutes to wait, in all, while every provider is full "
        + "(its max-stacks, or the cloud's refusals), before giving up with NO_CAPACITY (exit 8).")]
    public double CapacityTimeout { get; init; }

    [Option("max-stacks",
        HelpText = "The most traas-ci stacks each --os-cloud provider may hold at once (default: no limit "
            + "but the cloud's).")]
    public int? MaxStacks { get; init; }

    [Option("tag", HelpText = "A tag for the stack; repeat it for more (traas-ci adds its own, traas-ci).")]
    public IEnumerable<string> Tags { get; init; } = [];

    [Option("tags", HelpText = "Tags separated by commas, as `openstack stack create --tags a,b` takes them.")]
    public IEnumerable<string> TagLists { get; init; } = [];

    private protected override int? StackLimit => MaxStacks;

    /// <summary>--capacity-timeout, checked.</summary>
    internal TimeSpan CapacityWait()
    {
        OptionChecks.Minutes("--capacity-timeout", CapacityTimeout, zero: true);
        return TimeSpan.FromMinutes(CapacityTimeout);
    }

    /// <summary>The name and the options of the stack to create, checked before the cloud is asked.</summary>
    internal void CheckStack(string name)
    {
        OptionChecks.StackName(name);
        OptionChecks.WholeMinutes("--timeout", Timeout);
        CapacityWait();
    }

    /// <summary>Every tag given, --tag and --tags alike, with traas-ci's own first, each once.</summary>
    internal IReadOnlyList<string> AllTags =>
        ["traas-ci", .. Tags.Concat(TagLists.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries
            | StringSplitOptions.TrimEntries))).Where(t => t != "traas-ci").Distinct(StringComparer.Ordinal)];
}
