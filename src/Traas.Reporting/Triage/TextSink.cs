namespace Traas.Reporting.Triage;

/// <summary>The tokens as text, separated by one blank: what a person reads in a spec or a bug report.</summary>
internal struct TextSink(StringBuilder text) : ITokenSink
{
    public readonly void Add(ReadOnlySpan<char> token)
    {
        if (text.Length > 0)
            text.Append(' ');
        text.Append(token);
    }

    public readonly void CountError()
    {
    }

    public readonly bool TryRepeat(ReadOnlySpan<char> word, out bool masksNext)
    {
        masksNext = false;
        return false;
    }

    public readonly void StartWord()
    {
    }

    public readonly void EndWord(ReadOnlySpan<char> word, bool masksNext)
    {
    }
}
