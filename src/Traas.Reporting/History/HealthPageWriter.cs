using Traas.Reporting.ConsolePage;

namespace Traas.Reporting.History;

/// <summary>
/// The job health page: one self-contained HTML file (no script, no outside resource), a section per
/// job type with its pass rates, median duration, trend, last runs, most frequent failing tasks and
/// flaky tasks. Every text from the runs goes through <see cref="HtmlText"/>; a run's address is
/// linked only when it is an absolute http(s) URL.
/// </summary>
public static class HealthPageWriter
{
    public static void Write(TextWriter writer, IEnumerable<RunRecord> runs, HealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(options);
        var jobs = HealthStats.Compute(runs, options);
        var template = HealthPageTemplate.Default;
        var generated = $"{jobs.Sum(j => j.Runs)} runs of {jobs.Count} job types; generated "
            + $"{options.Now.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
        writer.Write(template.Head.Replace("{{TITLE}}", HtmlText.Encode(options.Title), StringComparison.Ordinal)
            .Replace("{{GENERATED}}", HtmlText.Encode(generated), StringComparison.Ordinal));
        if (jobs.Count == 0)
            writer.Write("<p class=\"empty\">No runs found.</p>\n");
        foreach (var job in jobs)
            WriteJob(writer, job);
        writer.Write(template.End);
    }

    internal static string Duration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours} h {duration.Minutes:00} min")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes} min {duration.Seconds:00} s");

    private static void WriteJob(TextWriter w, JobHealth job)
    {
        w.Write("<section class=\"job\"><h2>");
        HtmlText.Write(w, job.JobType);
        w.Write("</h2>\n<div class=\"figures\">");
        Figure(w, "pass-7", "pass rate, 7 days", Rate(job.PassRate7));
        Figure(w, "pass-30", "pass rate, 30 days", Rate(job.PassRate30));
        Figure(w, "median", "median duration", job.MedianDuration is { } m ? Duration(m) : "–");
        w.Write("<div class=\"figure\">");
        TrendSvg.Write(w, job.LastRuns);
        w.Write("</div></div>\n<table class=\"runs\"><thead><tr><th>started (UTC)</th><th>result</th><th>class</th>"
            + "<th>duration</th><th>commit</th><th>run</th></tr></thead><tbody>\n");
        foreach (var run in job.LastRuns)
            WriteRun(w, run);
        w.Write("</tbody></table>\n");
        Tasks(w, "failing", "Most frequent failing tasks", job.FailingTasks, "runs");
        Tasks(w, "flaky", "Flaky tasks (failed, then passed on the same commit)", job.FlakyTasks, "times");
        w.Write("</section>\n");
    }

    private static void WriteRun(TextWriter w, RunRecord run)
    {
        var css = ClassName(run.Result);
        w.Write("<tr><td>");
        HtmlText.Write(w, run.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        w.Write($"</td><td class=\"{css}\">{(run.Passed ? "✅ passed" : "❌ not passed")}</td><td class=\"{css}\">");
        HtmlText.Write(w, run.Result);
        w.Write("</td><td>");
        HtmlText.Write(w, run.Duration is { } d ? Duration(d) : "–");
        w.Write("</td><td><code>");
        HtmlText.Write(w, run.Commit is { } c ? c[..Math.Min(10, c.Length)] : "");
        w.Write("</code></td><td>");
        if (SafeUrl(run.Url) is { } url)
        {
            w.Write("<a rel=\"noopener noreferrer\" href=\"");
            HtmlText.Write(w, url);
            w.Write("\">run</a>");
        }
        else if (run.Url is { Length: > 0 })
        {
            w.Write("<span class=\"dim\">(not a web address)</span>");
        }
        w.Write("</td></tr>\n");
    }

    private static void Tasks(TextWriter w, string css, string heading, IReadOnlyList<TaskCount> tasks, string unit)
    {
        w.Write($"<h3>{heading}</h3>");
        if (tasks.Count == 0)
        {
            w.Write($"<p class=\"{css} dim\">none</p>\n");
            return;
        }
        w.Write($"<table class=\"{css}\"><tbody>");
        foreach (var task in tasks)
        {
            w.Write("<tr><td class=\"task\">");
            HtmlText.Write(w, task.Task);
            w.Write(string.Create(CultureInfo.InvariantCulture, $"</td><td>{task.Count} {unit}</td></tr>"));
        }
        w.Write("</tbody></table>\n");
    }

    private static void Figure(TextWriter w, string css, string label, string value)
    {
        w.Write($"<div class=\"figure {css}\"><b>");
        HtmlText.Write(w, value);
        w.Write($"</b><span class=\"dim\">{label}</span></div>");
    }

    private static string Rate(double? rate) =>
        rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(r * 100):0}%") : "–";

    /// <summary>A CSS class only from the known result names (anything else is "other").</summary>
    private static string ClassName(string result) => result switch
    {
        "PASSED" or "FAILED" or "TIMED_OUT" or "NODE_FAILURE" or "POST_FAILURE" or "CANCELLED"
            or "CONFIGURATION_ERROR" => result,
        _ => "other",
    };

    /// <summary>
    /// The URL when it is an absolute http(s) address (javascript:, data: and the like are not linked).
    /// </summary>
    private static string? SafeUrl(string? url) =>
        url is { Length: > 0 and <= 2048 } && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri.AbsoluteUri
            : null;
}
