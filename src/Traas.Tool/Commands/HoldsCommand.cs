using Traas.Tool.Pipeline;

namespace Traas.Tool.Commands;

/// <summary>`traas-ci holds [--json]`: the held stacks of every provider, on stdout.</summary>
internal static class HoldsCommand
{
    public static async Task<int> RunAsync(HoldsOptions options, PipelineContext context, ILogger log,
        CancellationToken cancel)
    {
        var rows = await new HoldVerbs(context, log).HoldsAsync(options.Providers(), cancel).ConfigureAwait(false);
        if (options.Json)
        {
            await context.Runner.WriteOutputAsync(rows.ToJsonString(Json.Indented)).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        await context.Runner.WriteOutputAsync(Table(rows)).ConfigureAwait(false);
        log.Information("{Count} held stack{S}", rows.Count, rows.Count == 1 ? "" : "s");
        return ExitCodes.Passed;
    }

    private static string Table(JsonArray rows)
    {
        string[] head = ["NAME", "CLOUD/REGION", "STATUS", "AGE", "EXPIRES", "PR/BRANCH", "JOB", "RUN", "UNDERCLOUD"];
        var lines = rows.OfType<JsonObject>().Select(r => new[]
        {
            Text(r["name"]), $"{Text(r["cloud"])}/{Text(r["region"])}", Text(r["status"]),
            r["age_hours"] is { } age ? string.Create(CultureInfo.InvariantCulture, $"{(double)age:0.#}h") : "-",
            Text(r["expires"]) + ((bool)r["expired"]! ? " (expired)" : ""),
            Text(r["pull_request"] ?? r["branch"]), Text(r["job_type"]), Text(r["run"]), Text(r["undercloud"]),
        }).ToList();
        var widths = head.Select((h, i) => lines.Select(l => l[i].Length).Append(h.Length).Max()).ToArray();
        var table = new StringBuilder();
        foreach (var line in lines.Prepend(head))
            table.AppendLine(string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        return table.ToString().TrimEnd();
    }

    private static string Text(JsonNode? node) => node?.ToString() is { Length: > 0 } text ? text : "-";
}
