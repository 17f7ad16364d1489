namespace Traas.Reporting.Triage;

/// <summary>
/// A few words, matched ignoring case (ordinal): the same answers as comparing with each one, but only
/// with the words of the same length, since the tokenizer asks for almost every word it sees.
/// </summary>
internal sealed class WordSet
{
    private readonly string[][] _byLength;

    public WordSet(params string[] words)
    {
        _byLength = new string[words.Max(w => w.Length) + 1][];
        for (var length = 0; length < _byLength.Length; length++)
            _byLength[length] = [.. words.Where(w => w.Length == length)];
    }

    public bool Contains(ReadOnlySpan<char> word)
    {
        if (word.Length >= _byLength.Length)
            return false;
        foreach (var candidate in _byLength[word.Length])
        {
            if (word.Equals(candidate, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
