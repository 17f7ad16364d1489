namespace Traas.Reporting.Triage;

/// <summary>
/// The first <paramref name="head"/> and the last <paramref name="tail"/> items of a run too long to keep
/// whole: what is between them is dropped as it goes, so memory stays at most head + tail items.
/// </summary>
internal sealed class HeadAndTail<T>(int head, int tail)
{
    private readonly List<T> _head = [];
    private readonly Queue<T> _tail = new();
    private bool _gap;

    /// <summary>Where in <see cref="Items"/> the items left out were; -1 while none was.</summary>
    public int GapAt => _gap ? _head.Count : -1;

    public void Add(T item)
    {
        if (_head.Count < head)
        {
            _head.Add(item);
            return;
        }
        _tail.Enqueue(item);
        if (_tail.Count > tail)
        {
            _tail.Dequeue();
            _gap = true;
        }
    }

    public void Clear()
    {
        _head.Clear();
        _tail.Clear();
        _gap = false;
    }

    public IReadOnlyList<T> Items() => [.. _head, .. _tail];
}
