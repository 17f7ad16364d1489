using System.Runtime.InteropServices;

namespace Traas.Reporting.Triage;

/// <summary>
/// The tokens as features: each token's 32-bit hash (FNV-1a over its UTF-16 code units, folded from
/// 64 bits), appended to a buffer that grows as needed. The same token always gives the same feature,
/// in every process, so figures and specs are repeatable. A word met lately is taken from
/// <paramref name="words"/> rather than tokenized again.
/// </summary>
internal struct FeatureSink(List<uint> features, WordCache? words) : ITokenSink
{
    private int _wordStart;
    private int _wordErrors;

    /// <summary>How many error words the line had.</summary>
    public int Errors { get; private set; }

    public readonly void Add(ReadOnlySpan<char> token) => features.Add(Hash(token));

    public void CountError() => Errors++;

    public bool TryRepeat(ReadOnlySpan<char> word, out bool masksNext)
    {
        if (words is null || !words.TryGet(word, out var repeated, out var errors, out masksNext))
        {
            masksNext = false;
            return false;
        }
        features.AddRange(repeated);
        Errors += errors;
        return true;
    }

    public void StartWord()
    {
        _wordStart = features.Count;
        _wordErrors = Errors;
    }

    public readonly void EndWord(ReadOnlySpan<char> word, bool masksNext) =>
        words?.Add(word, CollectionsMarshal.AsSpan(features)[_wordStart..], Errors - _wordErrors, masksNext);

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
