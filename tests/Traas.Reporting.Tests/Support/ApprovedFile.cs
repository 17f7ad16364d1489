using System.Text;

namespace Traas.Reporting.Tests.Support;

/// <summary>
/// Approval testing with golden files committed beside the tests. A mismatch writes
/// `NAME.received.EXT` next to `NAME.approved.EXT` and fails; `TRAAS_APPROVE=1` accepts the output.
/// </summary>
internal static class ApprovedFile
{
    public static void Verify(string name, string actual)
    {
        var approved = Path.Combine(RepoPaths.Approved, name.Insert(name.LastIndexOf('.'), ".approved"));
        var received = Path.Combine(RepoPaths.Approved, name.Insert(name.LastIndexOf('.'), ".received"));
        Directory.CreateDirectory(Path.GetDirectoryName(approved)!);
        if (Environment.GetEnvironmentVariable("TRAAS_APPROVE") == "1")
        {
            File.WriteAllText(approved, actual, new UTF8Encoding(false));
            File.Delete(received);
            return;
        }
        if (!File.Exists(approved))
        {
            File.WriteAllText(received, actual, new UTF8Encoding(false));
            Assert.Fail($"No approved file {approved}. Review {received}, then rename it (or run with TRAAS_APPROVE=1).");
        }
        var expected = File.ReadAllText(approved, Encoding.UTF8);
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual, new UTF8Encoding(false));
        var at = FirstDifference(expected, actual);
        Assert.Fail($"{name} differs from its approved file at character {at}:\n" +
            $"  approved: {Excerpt(expected, at)}\n  received: {Excerpt(actual, at)}\n" +
            $"Compare {approved} with {received}; run with TRAAS_APPROVE=1 to accept.");
    }

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
            i++;
        return i;
    }

    private static string Excerpt(string text, int at) =>
        at >= text.Length ? "(end)" : text.Substring(Math.Max(0, at - 40), Math.Min(120, text.Length - Math.Max(0, at - 40))).ReplaceLineEndings("\u23ce");
}
