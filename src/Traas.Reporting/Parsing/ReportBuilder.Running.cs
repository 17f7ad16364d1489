namespace Traas.Reporting.Parsing;

/// <summary>
/// The task being read when the log stops: a log cut inside a task (a deploy still waiting, a job
/// killed by a timeout) says what it was doing there, and for which hosts.
/// </summary>
internal sealed partial class ReportBuilder
{
    /// <summary>`FAILED - RETRYING` for the current task, naming its host when ansible's line does.</summary>
    public void Retrying(string? host)
    {
        if (_current is not { } task)
            return;
        task.Retries++;
        if (host is not null)
            task.NameHost(Host(host, null));
    }

    /// <summary>A host printed output under the current task (Zuul's host column): it is running it.</summary>
    public void HostOutput(string host) => _current?.NameHost(Host(host, null));

    /// <summary>The current task, with the hosts that have no result in it yet; null outside a task.</summary>
    private RunningTask? Running()
    {
        if (_current is not { Unprinted: false } task || task.Name.StartsWith('('))
            return null;
        var expected = _hostPlays.Where(h => h.Value.Contains(task.PlayIndex)).Select(h => h.Key)
            .Concat(task.Named ?? []);
        var waiting = expected.Where(h => !task.HasResult(h)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        var banner = task.IsHandler ? $"RUNNING HANDLER [{task.Name}]" : $"TASK [{task.Name}]";
        return new RunningTask(banner, task.Play, task.Line, waiting.Take(ReportLimits.HostsNamed).ToList(),
            waiting.Count, task.Retries);
    }

    /// <summary>"TASK [x] (line N) of PLAY [p], with no result yet for h1, h2 (12 retries)".</summary>
    private static string Describe(RunningTask running)
    {
        var text = new StringBuilder(running.Task)
            .Append(CultureInfo.InvariantCulture, $" (line {running.Line})");
        if (running.Play.Length > 0 && !running.Play.StartsWith('('))
            text.Append(" of PLAY [").Append(running.Play).Append(']');
        if (running.WaitingCount > 0)
        {
            text.Append(", with no result yet for ").AppendJoin(", ", running.Waiting);
            if (running.WaitingCount > running.Waiting.Count)
                text.Append(CultureInfo.InvariantCulture, $" and {running.WaitingCount - running.Waiting.Count} more");
        }
        if (running.Retries > 0)
            text.Append(CultureInfo.InvariantCulture, $" ({running.Retries} ")
                .Append(running.Retries == 1 ? "retry)" : "retries)");
        return text.ToString();
    }
}
