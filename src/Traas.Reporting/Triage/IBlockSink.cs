namespace Traas.Reporting.Triage;

/// <summary>Receives the blocks as they are found: a block opens, gets its lines in order, and closes.</summary>
internal interface IBlockSink
{
    void Open(long firstLine);

    void Line(DiffLine line);

    void Close(NewLinesBlock block);
}
