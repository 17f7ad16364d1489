using YamlDotNet.RepresentationModel;

namespace Traas.Reporting.Tests.Support;

/// <summary>A line of an <see cref="AnomalyDataset"/>'s failed log that must be found (or may be, if optional).</summary>
internal sealed record Anomaly(string Text, bool Optional)
{
    public static Anomaly Of(YamlMappingNode node)
    {
        string? Scalar(string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
        return new Anomaly((Scalar("line") ?? "").Trim(),
            string.Equals(Scalar("optional"), "true", StringComparison.OrdinalIgnoreCase));
    }
}
