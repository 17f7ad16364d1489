using System.Text.Json;

namespace Traas.Reporting.ConsolePage;

/// <summary>
/// A failed run's new lines (see <see cref="Triage.LogDiff"/>) marked in its console page, written before the
/// comparison: their numbers go as JSON into the placeholder near the page's end, where the page's script
/// reads them to mark each line and to list them all ("new in this run"). Only the page's end is rewritten:
/// the log's blocks before it stay where they are.
/// </summary>
public static class NewLinesMarks
{
    /// <summary>Where the numbers go: in the static part after the log, before the script.</summary>
    public const string Placeholder = "<!--TRAAS:NEW-->";

    // The placeholder is in the template's last part, after the failure card: within this of the end.
    private const int TailBytes = 1024 * 1024;

    /// <summary>Writes the numbers into <paramref name="page"/> (readable, writable, seekable).</summary>
    /// <param name="baseline">What the lines were compared with (a run's address or a file name).</param>
    /// <returns>False when the page has no placeholder near its end: marked already, or not such a page.</returns>
    public static bool Write(Stream page, IReadOnlyList<long> lines, string baseline)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(lines);
        var start = Math.Max(0, page.Length - TailBytes);
        var tail = new byte[page.Length - start];
        page.Position = start;
        page.ReadExactly(tail);
        var at = tail.AsSpan().LastIndexOf(Encoding.ASCII.GetBytes(Placeholder));
        if (at < 0)
            return false;
        page.Position = start + at;
        page.Write(Element(lines, baseline));
        page.Write(tail.AsSpan(at + Placeholder.Length));
        page.SetLength(page.Position);
        page.Flush();
        return true;
    }

    // System.Text.Json escapes '<', '>' and '&' in strings by default: nothing in it can end the element.
    private static byte[] Element(IReadOnlyList<long> lines, string baseline)
    {
        using var buffer = new MemoryStream();
        buffer.Write("<script type=\"application/json\" id=\"new-lines\">"u8);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("baseline", baseline);
            json.WriteStartArray("lines");
            foreach (var line in lines)
                json.WriteNumberValue(line);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.Write("</script>"u8);
        return buffer.ToArray();
    }
}
