using System.Xml;

namespace Traas.Reporting.JUnit;

/// <summary>
/// Testcase elements written to a temporary file as they are finished, in groups that are
/// contiguous in the file, so a 500 MB log never holds its testcases in memory. A group's range ends
/// where the next one starts, so the writer is flushed (to learn the file's position) only when the
/// group changes, not once per testcase: a flush is a write to the file.
/// </summary>
internal sealed class CaseSpool : IDisposable
{
    private readonly FileStream _file;
    private readonly XmlWriter _xml;
    private const int CopyBytes = 64 * 1024;

    private readonly List<(int Group, long Start, SuiteCounts Counts)> _ranges = [];
    private readonly Dictionary<int, List<int>> _rangesOf = [];
    private readonly byte[] _bytes = new byte[CopyBytes];
    private readonly char[] _chars = new char[Encoding.UTF8.GetMaxCharCount(CopyBytes)];

    public CaseSpool()
    {
        _file = new FileStream(Path.Combine(Path.GetTempPath(), $"traas-junit-{Guid.NewGuid():N}.tmp"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        _xml = XmlWriter.Create(_file, JUnitWriter.Settings(ConformanceLevel.Fragment));
    }

    public XmlWriter Begin(int group)
    {
        if (_ranges.Count == 0 || _ranges[^1].Group != group)
        {
            _xml.Flush();
            if (!_rangesOf.TryGetValue(group, out var of))
                _rangesOf[group] = of = [];
            of.Add(_ranges.Count);
            _ranges.Add((group, _file.Position, SuiteCounts.Zero));
        }
        return _xml;
    }

    public void End(SuiteCounts counts)
    {
        var last = _ranges[^1];
        _ranges[^1] = (last.Group, last.Start, last.Counts.Plus(counts));
    }

    public SuiteCounts CountsOf(IEnumerable<int> groups) =>
        RangesOf(groups).Aggregate(SuiteCounts.Zero, (sum, r) => sum.Plus(_ranges[r].Counts));

    public SuiteCounts CountsOfAll() => _ranges.Aggregate(SuiteCounts.Zero, (sum, r) => sum.Plus(r.Counts));

    /// <summary>The ranges of the groups, in file order.</summary>
    private List<int> RangesOf(IEnumerable<int> groups)
    {
        var ranges = new List<int>();
        foreach (var group in groups)
        {
            if (_rangesOf.TryGetValue(group, out var of))
                ranges.AddRange(of);
        }
        ranges.Sort();
        return ranges;
    }

    /// <summary>Copies the testcases of the groups (all when null), in file order, as raw XML.</summary>
    public void CopyTo(XmlWriter target, IEnumerable<int>? groups)
    {
        _xml.Flush();
        var written = _file.Position;
        foreach (var index in groups is null ? Enumerable.Range(0, _ranges.Count) : RangesOf(groups))
        {
            var start = _ranges[index].Start;
            var end = index + 1 < _ranges.Count ? _ranges[index + 1].Start : written;
            _file.Position = start;
            var decoder = Encoding.UTF8.GetDecoder();
            for (var left = end - start; left > 0;)
            {
                var read = _file.Read(_bytes, 0, (int)Math.Min(_bytes.Length, left));
                left -= read;
                var count = decoder.GetChars(_bytes, 0, read, _chars, 0, flush: left == 0);
                target.WriteRaw(_chars, 0, count);
            }
        }
        _file.Seek(0, SeekOrigin.End);
    }

    public void Dispose()
    {
        _xml.Dispose();
        _file.Dispose();
    }
}
