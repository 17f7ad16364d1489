namespace Traas.Reporting.Triage;

/// <summary>Receives the tokens of a line, one at a time, in the order the tokenizer finds them.</summary>
internal interface ITokenSink
{
    void Add(ReadOnlySpan<char> token);

    /// <summary>The tokens just added are an error word's.</summary>
    void CountError();
}
