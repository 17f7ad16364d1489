namespace Traas.Tool.GitHub;

/// <summary>What a pull request comment asks of traas-ci.</summary>
internal enum PrCommandKind
{
    /// <summary>Run the traas jobs of the pull request again.</summary>
    Recheck,

    /// <summary>Keep the next run's stack when it fails (--keep on-failure --hold-hours N).</summary>
    Hold,

    /// <summary>A command word with arguments it does not take: the reply says how to write it.</summary>
    Invalid,
}
