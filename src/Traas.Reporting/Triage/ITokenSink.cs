namespace Traas.Reporting.Triage;

/// <summary>Receives the tokens of a line, one at a time, in the order the tokenizer finds them.</summary>
internal interface ITokenSink
{
    void Add(ReadOnlySpan<char> token);

    /// <summary>The tokens just added are an error word's.</summary>
    void CountError();

    /// <summary>
    /// Adds again what <paramref name="word"/> gave when it was last tokenized, if the sink remembers it;
    /// <paramref name="masksNext"/> is whether it masked the next word.
    /// </summary>
    bool TryRepeat(ReadOnlySpan<char> word, out bool masksNext);

    /// <summary>A word starts: what is added until <see cref="EndWord"/> is its own.</summary>
    void StartWord();

    /// <summary>The word started last is <paramref name="word"/>: the sink may remember what it gave.</summary>
    void EndWord(ReadOnlySpan<char> word, bool masksNext);
}
