using Traas.Reporting.ConsolePage;

namespace Traas.Reporting.History;

/// <summary>
/// The small inline SVG of a job type's last runs, oldest on the left: one bar per run, as tall as
/// its duration against the longest, coloured by result; each bar's title says when and what.
/// </summary>
internal static class TrendSvg
{
    private const int Bar = 10;
    private const int Gap = 3;
    private const int Height = 40;

    public static void Write(TextWriter writer, IReadOnlyList<RunRecord> newestFirst)
    {
        var runs = newestFirst.Reverse().ToList();
        var longest = runs.Select(r => r.Duration?.TotalSeconds ?? 0).DefaultIfEmpty(0).Max();
        var width = Math.Max(1, runs.Count * (Bar + Gap));
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"<svg class=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" "
                + $"viewBox=\"0 0 {width} {Height}\" role=\"img\" aria-label=\"last {runs.Count} runs\">"));
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var seconds = run.Duration?.TotalSeconds ?? 0;
            var height = longest > 0 && seconds > 0 ? Math.Max(4, (int)Math.Round(Height * seconds / longest)) : 4;
            var colour = run.Passed ? "#3fb950" : run.Result == RunRecord.CancelledResult ? "#7d8590" : "#ff6b6b";
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"<rect x=\"{i * (Bar + Gap)}\" y=\"{Height - height}\" width=\"{Bar}\" height=\"{height}\" "
                    + $"fill=\"{colour}\"><title>"));
            HtmlText.Write(writer, $"{run.Started.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {run.Result}"
                + (run.Duration is { } d ? $", {HealthPageWriter.Duration(d)}" : ""));
            writer.Write("</title></rect>");
        }
        writer.Write("</svg>");
    }
}
