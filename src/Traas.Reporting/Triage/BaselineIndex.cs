namespace Traas.Reporting.Triage;

/// <summary>
/// The baseline's sub-lines, each a set of features (see <see cref="LineFeatures"/>), stored once per
/// distinct set, and an inverted index from each feature to the sets that have it.
/// <para>Similarity is the cosine of two sets seen as 0/1 vectors: |A∩B| / √(|A|·|B|). The search
/// is exact for the question it answers, "is there a baseline set at least <c>t</c> similar?", and
/// looks at few sets: such a set B has |B| ≥ t²·|A| and shares at least ⌈t²·|A|⌉ features with A,
/// so it must share one of A's |A| − ⌈t²·|A|⌉ + 1 rarest features (rarest in the baseline). Only
/// the sets under those features are compared, rarest first, and the search stops at the first one
/// similar enough. For a line with no such neighbour the best similarity among the compared sets
/// is returned (the true best may be a little higher, never above t).</para>
/// <para>Memory is bounded: at most <see cref="DefaultMaxRows"/> sets and <see cref="MaxFeatures"/>
/// features in all; the rest of a baseline past that is counted, not indexed
/// (<see cref="Full"/>).</para>
/// </summary>
internal sealed class BaselineIndex(int maxRows = BaselineIndex.DefaultMaxRows)
{
    public const int DefaultMaxRows = 1 << 20;
    public const int MaxFeatures = 16 << 20;

    /// <summary>Sets compared for one search at most; past it the line counts as new.</summary>
    public const int MaxCompared = 20_000;

    /// <summary>
    /// For a new sub-line, sets compared under its other features too, to tell how far it is (the
    /// ranking of blocks); it never changes whether the sub-line is new.
    /// </summary>
    public const int MaxRefined = 200;

    private readonly HashSet<ulong> _keys = [];
    private readonly Dictionary<uint, int> _frequency = [];
    private uint[] _features = new uint[4096];
    private int[] _rowStart = new int[1025];
    private int _used;

    // The inverted index, built by Freeze: feature -> its slot; slot -> rows [start, end).
    private Dictionary<uint, int>? _slot;
    private int[] _postingStart = [];
    private int[] _postings = [];

    public int Rows { get; private set; }

    /// <summary>The baseline had more distinct sub-lines than the index holds.</summary>
    public bool Full { get; private set; }

    /// <summary>Adds a sub-line of the baseline, unless the same set is already in.</summary>
    public void Add(ReadOnlySpan<uint> features, ulong key)
    {
        if (_slot is not null)
            throw new InvalidOperationException("the index is frozen");
        if (features.IsEmpty || _keys.Contains(key))
            return;
        if (Rows >= maxRows || _used + features.Length > MaxFeatures)
        {
            Full = true;
            return;
        }
        _keys.Add(key);
        if (_features.Length - _used < features.Length)
            Array.Resize(ref _features, Math.Max(_features.Length * 2, _used + features.Length));
        features.CopyTo(_features.AsSpan(_used));
        _used += features.Length;
        if (Rows + 2 > _rowStart.Length)
            Array.Resize(ref _rowStart, _rowStart.Length * 2);
        _rowStart[++Rows] = _used;
        foreach (var feature in features)
        {
            _frequency.TryGetValue(feature, out var count);
            _frequency[feature] = count + 1;
        }
    }

    /// <summary>Ends the training: builds the inverted index. Searches may start.</summary>
    public void Freeze()
    {
        var slot = new Dictionary<uint, int>(_frequency.Count);
        _postingStart = new int[_frequency.Count + 1];
        foreach (var (feature, count) in _frequency)
        {
            _postingStart[slot.Count + 1] = _postingStart[slot.Count] + count;
            slot.Add(feature, slot.Count);
        }
        _postings = new int[_used];
        var fill = _postingStart[..^1];
        for (var row = 0; row < Rows; row++)
        {
            foreach (var feature in Row(row))
                _postings[fill[slot[feature]]++] = row;
        }
        _slot = slot;
        _features = _features[.._used];
    }

    /// <summary>What one thread needs to search a frozen index; searches on other threads need their own.</summary>
    public sealed class Scratch(BaselineIndex index)
    {
        internal int[] Seen { get; } = new int[index.Rows];
        internal int Generation { get; set; }
    }

    /// <summary>
    /// The best similarity to the baseline of a sub-line's features (sorted, distinct), from 0 to 1;
    /// stops as soon as it finds one of at least <paramref name="enough"/>. The index is read only:
    /// threads may search it at once, each with its own <paramref name="scratch"/>.
    /// </summary>
    public double Similarity(ReadOnlySpan<uint> features, ulong key, double enough, Scratch scratch)
    {
        var slot = _slot ?? throw new InvalidOperationException("freeze the index first");
        if (features.IsEmpty || _keys.Contains(key))
            return 1;
        var a = features.Length;
        var floor = enough * enough;
        var minOverlap = Math.Max(1, (int)Math.Ceiling((floor * a) - 1e-9));
        var prefix = a - minOverlap + 1;
        var rarest = ArrayPool<(int Frequency, int Slot)>.Shared.Rent(a);
        try
        {
            for (var i = 0; i < a; i++)
            {
                rarest[i] = slot.TryGetValue(features[i], out var s)
                    ? (_postingStart[s + 1] - _postingStart[s], s)
                    : (0, -1);
            }
            rarest.AsSpan(0, a).Sort();
            NextGeneration(scratch);
            var best = Search(features, rarest.AsSpan(0, prefix), enough, (floor * a, a / floor), MaxCompared,
                scratch);
            return best >= enough || prefix == a
                ? best
                : Math.Max(best, Search(features, rarest.AsSpan(prefix, a - prefix), enough, (0, int.MaxValue),
                    MaxRefined, scratch));
        }
        finally
        {
            ArrayPool<(int, int)>.Shared.Return(rarest);
        }
    }

    private static void NextGeneration(Scratch scratch)
    {
        if (++scratch.Generation == int.MaxValue)
        {
            Array.Clear(scratch.Seen);
            scratch.Generation = 1;
        }
    }

    /// <summary>The best similarity among the sets under <paramref name="prefix"/>'s features, of
    /// <paramref name="size"/> features, each set compared once.</summary>
    private double Search(ReadOnlySpan<uint> features, ReadOnlySpan<(int Frequency, int Slot)> prefix, double enough,
        (double Smallest, double Largest) size, int maxCompared, Scratch scratch)
    {
        var (smallest, largest) = size;
        var seen = scratch.Seen;
        var generation = scratch.Generation;
        var a = features.Length;
        var best = 0.0;
        var compared = 0;
        foreach (var (_, s) in prefix)
        {
            if (s < 0)
                continue;
            for (var p = _postingStart[s]; p < _postingStart[s + 1]; p++)
            {
                var row = _postings[p];
                var b = _rowStart[row + 1] - _rowStart[row];
                if (b < smallest || b > largest || seen[row] == generation)
                    continue;
                seen[row] = generation;
                var similarity = Overlap(features, Row(row)) / Math.Sqrt((double)a * b);
                if (similarity > best)
                {
                    best = similarity;
                    if (best >= enough)
                        return best;
                }
                if (++compared >= maxCompared)
                    return best;
            }
        }
        return best;
    }

    private ReadOnlySpan<uint> Row(int row) => _features.AsSpan(_rowStart[row], _rowStart[row + 1] - _rowStart[row]);

    private static int Overlap(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        int i = 0, j = 0, overlap = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                overlap++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return overlap;
    }
}
