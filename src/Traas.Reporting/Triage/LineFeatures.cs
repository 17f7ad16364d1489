namespace Traas.Reporting.Triage;

/// <summary>
/// The features of one line of the log, reused from line to line. A line is cut into sub-lines
/// first: at the two-character escape <c>\n</c> (a command's output inside an ansible result or a
/// JSON string) and before ansible's <c>"stdout_lines": [</c> and <c>"stderr_lines": [</c>, which
/// repeat the output as a list. Each sub-line is the set of its token hashes, sorted: two sub-lines
/// with the same set are the same for the index, whatever the order of their words, so the set's
/// own hash is the key that finds a repeated sub-line without a search. A line is read up to
/// <see cref="MaxChars"/> characters and at most <see cref="MaxUnits"/> sub-lines.
/// </summary>
internal sealed class LineFeatures
{
    public const int MaxChars = 64 * 1024;
    public const int MaxUnits = 512;

    private static readonly string[] ListMarkers = ["\"stdout_lines\": [", "\"stderr_lines\": ["];

    private readonly List<uint> _tokens = new(64);
    private readonly WordCache _words = new();
    private uint[] _features = new uint[1024];
    private readonly List<(int Start, int Length, ulong Key)> _units = new(8);

    /// <summary>The sub-lines with at least one token.</summary>
    public int Count => _units.Count;

    public ReadOnlySpan<uint> Features(int unit) => _features.AsSpan(_units[unit].Start, _units[unit].Length);

    public ulong Key(int unit) => _units[unit].Key;

    /// <summary>Whether the line has an error word (error, failed, fatal...), counted by the tokenizer.</summary>
    public bool HasErrorWord { get; private set; }

    public void Read(ReadOnlySpan<char> line)
    {
        _units.Clear();
        HasErrorWord = false;
        if (line.Length > MaxChars)
            line = line[..MaxChars];
        var used = 0;
        while (!line.IsEmpty && _units.Count < MaxUnits)
        {
            var end = UnitEnd(line, out var skip);
            used = Add(line[..end], used);
            line = line[Math.Min(line.Length, end + skip)..];
        }
    }

    private static int UnitEnd(ReadOnlySpan<char> line, out int skip)
    {
        var escape = line.IndexOf(@"\n", StringComparison.Ordinal);
        var end = escape < 0 ? line.Length : escape;
        skip = escape < 0 ? 0 : 2;
        foreach (var marker in ListMarkers)
        {
            // The marker starts the next sub-line; a sub-line that is only the marker would loop.
            var at = line[1..].IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && at + 1 < end)
            {
                end = at + 1;
                skip = 0;
            }
        }
        return end;
    }

    private int Add(ReadOnlySpan<char> unit, int used)
    {
        _tokens.Clear();
        var sink = new FeatureSink(_tokens, _words);
        LineTokenizer.Tokenize(unit, ref sink);
        HasErrorWord |= sink.Errors > 0;
        if (_tokens.Count == 0)
            return used;
        if (_features.Length - used < _tokens.Count)
            Array.Resize(ref _features, Math.Max(_features.Length * 2, used + _tokens.Count));
        var span = _features.AsSpan(used, _tokens.Count);
        _tokens.CopyTo(span);
        span.Sort();
        var length = 1;
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i] != span[length - 1])
                span[length++] = span[i];
        }
        _units.Add((used, length, SetKey(span[..length])));
        return used + length;
    }

    private static ulong SetKey(ReadOnlySpan<uint> features)
    {
        var key = 0x9E3779B97F4A7C15UL ^ (ulong)features.Length;
        foreach (var feature in features)
        {
            key ^= feature;
            key *= 0xBF58476D1CE4E5B9UL;
            key ^= key >> 31;
        }
        return key;
    }
}
