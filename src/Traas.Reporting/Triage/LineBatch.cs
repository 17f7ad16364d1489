namespace Traas.Reporting.Triage;

/// <summary>Lines read from a log, in order: at most <see cref="LinePipeline.BatchLines"/> or about
/// <see cref="LinePipeline.BatchChars"/> characters.</summary>
internal sealed class LineBatch
{
    public List<long> Numbers { get; } = new(LinePipeline.BatchLines);
    public List<string> Texts { get; } = new(LinePipeline.BatchLines);
    public long Chars { get; private set; }

    public int Count => Numbers.Count;

    public void Add(long number, string text)
    {
        Numbers.Add(number);
        Texts.Add(text);
        Chars += text.Length;
    }

    public void Clear()
    {
        Numbers.Clear();
        Texts.Clear();
        Chars = 0;
    }
}
