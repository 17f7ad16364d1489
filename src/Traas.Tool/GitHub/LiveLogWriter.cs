using Traas.Reporting.Input;

namespace Traas.Tool.GitHub;

/// <summary>
/// Writes the job's lines to the console as they arrive. Under GitHub Actions each ansible PLAY
/// becomes a collapsible <c>::group::</c>, the PLAY RECAP stays in the open, and every line goes
/// through <see cref="WorkflowCommands.Inert"/>, so the log cannot drive the runner.
/// </summary>
internal sealed class LiveLogWriter(TextWriter output, bool githubActions)
{
    private bool groupOpen;

    public void WriteLine(string line)
    {
        if (!githubActions)
        {
            output.WriteLine(line);
            return;
        }
        var plain = LineCleaner.Clean(0, line, isContinuation: false).Content;
        if (plain.StartsWith("PLAY RECAP", StringComparison.Ordinal))
            CloseGroup();
        else if (plain.StartsWith("PLAY [", StringComparison.Ordinal))
        {
            CloseGroup();
            output.WriteLine(WorkflowCommands.Group(GroupTitle(plain)));
            groupOpen = true;
        }
        output.WriteLine(WorkflowCommands.Inert(line));
    }

    /// <summary>Closes the open group at the end of the job, or when the wait stops.</summary>
    public void Complete() => CloseGroup();

    private static string GroupTitle(string playLine)
    {
        // "PLAY [Deploy the undercloud] *****" -> "PLAY [Deploy the undercloud]"
        return playLine.TrimEnd().TrimEnd('*').TrimEnd();
    }

    private void CloseGroup()
    {
        if (!groupOpen)
            return;
        output.WriteLine(WorkflowCommands.EndGroup);
        groupOpen = false;
    }
}
