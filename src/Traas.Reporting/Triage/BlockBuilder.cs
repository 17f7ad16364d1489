namespace Traas.Reporting.Triage;

/// <summary>
/// Groups the new lines of the failed log into blocks, streaming: a block is a new line with
/// <c>before</c> lines before it and <c>after</c> lines after it; two new lines with at most
/// <c>before + after</c> lines between them are in one block (their contexts would touch). Memory is
/// a window of <c>before + after</c> lines and the kept lines of the open block (its first
/// <see cref="HeadLines"/> and last <see cref="TailLines"/>); the best blocks are kept for the summary.
/// A line's text comes in as read and is turned into what is shown (<paramref name="show"/>) only for
/// the lines shown: most lines of a long log are not.
/// </summary>
internal sealed class BlockBuilder(int before, int after, int topBlocks, IBlockSink sink, Func<string, string> show)
{
    public const int HeadLines = 20;
    public const int TailLines = 10;

    /// <summary>The numbers of the first this many new lines are kept (<see cref="NewLineNumbers"/>).</summary>
    public const int MaxNumbers = 100_000;

    private readonly Queue<DiffLine> _window = new();
    private readonly HeadAndTail<DiffLine> _kept = new(HeadLines, TailLines);
    private readonly List<NewLinesBlock> _top = [];
    private readonly List<long> _numbers = [];
    private bool _open;
    private long _first;
    private long _last;
    private int _newLines;
    private double _maxDistance;
    private bool _errorWord;

    public long NewLines { get; private set; }
    public long ShownLines { get; private set; }
    public long Blocks { get; private set; }

    /// <summary>The numbers of the new lines so far, the first <see cref="MaxNumbers"/> of them.</summary>
    public IReadOnlyList<long> NewLineNumbers => _numbers;

    /// <summary>The best blocks so far, in the order of the log.</summary>
    public IReadOnlyList<NewLinesBlock> Top => [.. _top.OrderBy(b => b.FirstLine)];

    public void Add(DiffLine line, bool errorWord)
    {
        if (line.IsNew)
        {
            if (!_open)
                Open(line.Number - _window.Count);
            while (_window.Count > 0)
                Emit(_window.Dequeue());
            Emit(line);
            if (_numbers.Count < MaxNumbers)
                _numbers.Add(line.Number);
            NewLines++;
            _newLines++;
            _maxDistance = Math.Max(_maxDistance, line.Distance);
            _errorWord |= errorWord;
            return;
        }
        _window.Enqueue(line);
        if (_open && _window.Count > before + after)
        {
            for (var i = 0; i < after; i++)
                Emit(_window.Dequeue());
            Close();
        }
        while (!_open && _window.Count > before)
            _window.Dequeue();
    }

    public void Complete()
    {
        if (!_open)
            return;
        for (var i = 0; i < after && _window.Count > 0; i++)
            Emit(_window.Dequeue());
        Close();
    }

    private void Open(long first)
    {
        _open = true;
        _first = first;
        _newLines = 0;
        _maxDistance = 0;
        _errorWord = false;
        _kept.Clear();
        sink.Open(first);
    }

    private void Emit(DiffLine line)
    {
        line = line with { Text = show(line.Text) };
        sink.Line(line);
        ShownLines++;
        _last = line.Number;
        _kept.Add(line);
    }

    private void Close()
    {
        _open = false;
        Blocks++;
        var block = new NewLinesBlock(_first, _last, _newLines, _maxDistance, _errorWord, _kept.Items(), _kept.GapAt);
        sink.Close(block);
        Keep(block);
    }

    private void Keep(NewLinesBlock block)
    {
        if (topBlocks == 0)
            return;
        if (_top.Count < topBlocks)
        {
            _top.Add(block);
            return;
        }
        // The worst kept block; among equals the earliest, so that a later block wins a tie.
        var worst = 0;
        for (var i = 1; i < _top.Count; i++)
        {
            if (_top[i].Score < _top[worst].Score)
                worst = i;
        }
        if (block.Score >= _top[worst].Score)
        {
            _top.RemoveAt(worst);
            _top.Add(block);
        }
    }
}
