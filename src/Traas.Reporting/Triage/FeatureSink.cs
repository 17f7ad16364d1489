namespace Traas.Reporting.Triage;

/// <summary>
/// The tokens as features: each token's 32-bit hash (FNV-1a over its UTF-16 code units, folded from
/// 64 bits), appended to a buffer that grows as needed. The same token always gives the same feature,
/// in every process, so figures and specs are repeatable.
/// </summary>
internal struct FeatureSink(List<uint> features) : ITokenSink
{
    /// <summary>How many error words the line had.</summary>
    public int Errors { get; private set; }

    public readonly void Add(ReadOnlySpan<char> token) => features.Add(Hash(token));

    public void CountError() => Errors++;

    internal static uint Hash(ReadOnlySpan<char> token)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in token)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return (uint)(hash ^ (hash >> 32));
    }
}
