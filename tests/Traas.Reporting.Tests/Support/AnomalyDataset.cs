using YamlDotNet.RepresentationModel;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// One dataset of logjuicer-tests as ../shared/logjuicer-datasets holds it: a folder with one
/// <c>*.good</c> log, one <c>*.fail</c> log and <c>inf.yaml</c>, whose <c>anomalies:</c> name the
/// lines of the failed log that must be found (<c>optional: True</c> ones may be missed).
/// </summary>
internal sealed record AnomalyDataset(string Name, string Good, string Fail, IReadOnlyList<Anomaly> Anomalies)
{
    public static string Root => Path.Combine(RepoPaths.Shared, "logjuicer-datasets");

    /// <summary>Every dataset folder there now: a dataset added later is tested without a change here.</summary>
    public static IEnumerable<string> Names() =>
        Directory.EnumerateDirectories(Root).Where(d => File.Exists(Path.Combine(d, "inf.yaml")))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static AnomalyDataset Read(string name)
    {
        var folder = Path.Combine(Root, name);
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(folder, "inf.yaml")))
            yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var anomalies = ((YamlSequenceNode)root.Children[new YamlScalarNode("anomalies")]).Children
            .Cast<YamlMappingNode>().Select(Anomaly.Of).Where(a => a.Text.Length > 0).ToList();
        return new AnomalyDataset(name, Directory.EnumerateFiles(folder, "*.good").Single(),
            Directory.EnumerateFiles(folder, "*.fail").Single(), anomalies);
    }

    public override string ToString() => Name;
}
