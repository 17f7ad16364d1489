using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>What every verb takes; the base of every verb's options.</summary>
public abstract class VerbOptions
{
    [Option('v', "verbose", HelpText = "More detail on stderr.")]
    public bool Verbose { get; init; }

    [Option("redact", HelpText = "A value to mask (***) in traas.log, the artifacts and what is posted, or /REGEX/; "
        + "repeat it. Known secrets and common shapes of them are masked anyway.")]
    public IEnumerable<string> Redact { get; init; } = [];

    /// <summary>
    /// The long names of the options on the command line (an option left at its default is not among them).
    /// </summary>
    internal IReadOnlySet<string> Given { get; set; } = new HashSet<string>();
}
