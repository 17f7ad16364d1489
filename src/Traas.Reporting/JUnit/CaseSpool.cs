using System.Text;
using System.Xml;

namespace Traas.Reporting.JUnit;

/// <summary>
/// Testcase elements written to a temporary file as they are finished, in groups that are
/// contiguous in the file, so a 500 MB log never holds its testcases in memory.
/// </summary>
internal sealed class CaseSpool : IDisposable
{
    private readonly FileStream _file;
    private readonly XmlWriter _xml;
    private readonly List<(int Group, long Start, long End, SuiteCounts Counts)> _ranges = [];

    public CaseSpool()
    {
        _file = new FileStream(Path.Combine(Path.GetTempPath(), $"traas-junit-{Guid.NewGuid():N}.tmp"),
            FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        _xml = XmlWriter.Create(_file, JUnitWriter.Settings(ConformanceLevel.Fragment));
    }

    public XmlWriter Begin(int group)
    {
        _xml.Flush();
        if (_ranges.Count == 0 || _ranges[^1].Group != group)
            _ranges.Add((group, _file.Position, _file.Position, SuiteCounts.Zero));
        return _xml;
    }

    public void End(SuiteCounts counts)
    {
        _xml.Flush();
        var last = _ranges[^1];
        _ranges[^1] = (last.Group, last.Start, _file.Position, last.Counts.Plus(counts));
    }

    public SuiteCounts CountsOf(Func<int, bool> groups) =>
        _ranges.Where(r => groups(r.Group)).Aggregate(SuiteCounts.Zero, (sum, r) => sum.Plus(r.Counts));

    /// <summary>Copies the testcases of the matching groups, in order, as raw XML.</summary>
    public void CopyTo(XmlWriter target, Func<int, bool> groups)
    {
        _xml.Flush();
        var buffer = new byte[64 * 1024];
        foreach (var (_, start, end, _) in _ranges.Where(r => groups(r.Group)))
        {
            _file.Position = start;
            var decoder = Encoding.UTF8.GetDecoder();
            var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
            for (var left = end - start; left > 0;)
            {
                var read = _file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                left -= read;
                var count = decoder.GetChars(buffer, 0, read, chars, 0, flush: left == 0);
                target.WriteRaw(chars, 0, count);
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
