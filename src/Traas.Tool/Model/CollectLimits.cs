namespace Traas.Tool.Model;

/// <summary>
/// How much collecting may bring back: the node chooses what is there. The defaults are well above
/// what a real TripleO job leaves (a few thousand files, some hundreds of MB, a dozen folders deep)
/// and well below what would hurt the runner (its disk, the artifact upload).
/// </summary>
internal sealed record CollectLimits
{
    public const int DefaultMaxFiles = 20_000;
    public const int DefaultMaxDepth = 24;
    public const long DefaultMaxTotalMiB = 4096;
    public const long DefaultMaxFileMiB = 1024;

    public int MaxFiles { get; init; } = DefaultMaxFiles;

    public int MaxDepth { get; init; } = DefaultMaxDepth;

    public long MaxTotalBytes { get; init; } = DefaultMaxTotalMiB * 1024 * 1024;

    public long MaxFileBytes { get; init; } = DefaultMaxFileMiB * 1024 * 1024;
}
