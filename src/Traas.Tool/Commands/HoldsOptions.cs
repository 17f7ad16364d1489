using CommandLine;

namespace Traas.Tool.Commands;

[Verb("holds", HelpText = "List the held stacks (kept with --keep) on every provider: age, expiry, PR or branch, "
    + "job type, run and undercloud address.")]
public sealed class HoldsOptions : CloudOptions
{
    [Option("json", HelpText = "Print them as a JSON array instead of a table.")]
    public bool Json { get; init; }
}
