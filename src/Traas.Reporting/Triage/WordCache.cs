using System.Runtime.InteropServices;

namespace Traas.Reporting.Triage;

/// <summary>
/// The features of the words a tokenizer met lately, so that a word met again is not tokenized again:
/// a log repeats its words far more than its lines, and tokenizing was most of a diff's time. A word's
/// features depend on the word alone (see <see cref="LineTokenizer"/>), so a word found here gives what
/// tokenizing it would. One per thread.
/// <para>Memory is a few fixed arrays (about 2 MiB): the words' characters and features are copied
/// into them, not kept as objects, so that the garbage collector has nothing to follow or promote. At
/// most <see cref="MaxWords"/> words of at most <see cref="MaxWordChars"/> characters; when it is full
/// it starts over.</para>
/// </summary>
internal sealed class WordCache
{
    public const int MaxWords = 1 << 15;
    public const int MaxWordChars = 64;

    /// <summary>Most words are short and give a feature or two; a path or a key=value gives more.</summary>
    private const int MaxChars = MaxWords * 16;
    private const int MaxFeatures = MaxWords * 4;
    private const int MaxWordFeatures = 64;

    // Open addressing, half full at most: slot -> 1 + the word's entry, 0 for none.
    private readonly int[] _slots = new int[MaxWords * 2];
    private readonly Entry[] _entries = new Entry[MaxWords];
    private readonly char[] _chars = new char[MaxChars];
    private readonly uint[] _features = new uint[MaxFeatures];
    private int _count;
    private int _usedChars;
    private int _usedFeatures;

    public bool TryGet(ReadOnlySpan<char> word, out ReadOnlySpan<uint> features, out int errors,
        out bool masksNext)
    {
        var slot = Find(word, string.GetHashCode(word));
        if (_slots[slot] == 0)
        {
            features = [];
            (errors, masksNext) = (0, false);
            return false;
        }
        ref readonly var entry = ref _entries[_slots[slot] - 1];
        features = _features.AsSpan(entry.FeatureStart, entry.FeatureLength);
        (errors, masksNext) = (entry.Errors, entry.MasksNext);
        return true;
    }

    public void Add(ReadOnlySpan<char> word, ReadOnlySpan<uint> features, int errors, bool masksNext)
    {
        if (word.Length > MaxWordChars || features.Length > MaxWordFeatures)
            return;
        if (_count == MaxWords || _usedChars + word.Length > MaxChars
            || _usedFeatures + features.Length > MaxFeatures)
        {
            Array.Clear(_slots);
            (_count, _usedChars, _usedFeatures) = (0, 0, 0);
        }
        var hash = string.GetHashCode(word);
        var slot = Find(word, hash);
        if (_slots[slot] != 0)
            return;
        word.CopyTo(_chars.AsSpan(_usedChars));
        features.CopyTo(_features.AsSpan(_usedFeatures));
        _entries[_count] = new Entry(hash, _usedChars, word.Length, _usedFeatures, features.Length, errors,
            masksNext);
        _slots[slot] = ++_count;
        _usedChars += word.Length;
        _usedFeatures += features.Length;
    }

    /// <summary>The word's slot, or the empty slot where it would go.</summary>
    private int Find(ReadOnlySpan<char> word, int hash)
    {
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var at = _slots[slot];
            if (at == 0)
                return slot;
            ref readonly var entry = ref _entries[at - 1];
            if (entry.Hash == hash && _chars.AsSpan(entry.CharStart, entry.CharLength).SequenceEqual(word))
                return slot;
        }
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly record struct Entry(int Hash, int CharStart, int CharLength, int FeatureStart,
        int FeatureLength, int Errors, bool MasksNext);
}
