using Traas.Reporting.Tests.Support;
using Traas.Reporting.Triage;

namespace Traas.Reporting.Tests.Triage;

/// <summary>
/// The anchor's own benchmark: each logjuicer-tests pair in ../shared/logjuicer-datasets (read there,
/// never copied), diffed with the default options. Every required anomaly line of its inf.yaml must
/// be among the new lines (context lines do not count); bench/diff.sh prints the reductions.
/// </summary>
public sealed class DatasetSpecs
{
    public static TheoryData<string> Datasets => [.. AnomalyDataset.Names()];

    [Fact]
    public void The_datasets_are_there() => Assert.NotEmpty(Datasets);

    [Theory]
    [MemberData(nameof(Datasets))]
    public async Task Every_required_anomaly_line_of_a_dataset_is_a_new_line(string name)
    {
        var dataset = AnomalyDataset.Read(name);
        var sink = new NewLineCollector();

        await using (var good = File.OpenRead(dataset.Good))
        await using (var fail = File.OpenRead(dataset.Fail))
            await LogDiff.CompareAsync(good, fail, new LogDiffOptions(), sink, CancellationToken.None);

        // An anomaly of several lines is found when each of its lines is in a new line.
        var missed = dataset.Anomalies.Where(a => !a.Optional)
            .SelectMany(a => a.Text.Split('\n').Select(p => p.Trim()).Where(p => p.Length > 0))
            .Where(part => !sink.NewLines.Any(l => l.Contains(part, StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(dataset.Anomalies);
        Assert.True(missed.Count == 0, $"{name}: {missed.Count} required lines missed:\n" + string.Join('\n', missed));
    }

    private sealed class NewLineCollector : IBlockSink
    {
        public List<string> NewLines { get; } = [];

        public void Open(long firstLine)
        {
        }

        public void Line(DiffLine line)
        {
            if (line.IsNew)
                NewLines.Add(line.Text);
        }

        public void Close(NewLinesBlock block)
        {
        }
    }
}
