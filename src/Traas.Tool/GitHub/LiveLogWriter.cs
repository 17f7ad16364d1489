using System.Security.Cryptography;
using Traas.Reporting.Input;

namespace Traas.Tool.GitHub;

/// <summary>
/// Writes the job's lines to the console as they arrive. Under GitHub Actions each ansible PLAY
/// becomes a collapsible <c>::group::</c>, the PLAY RECAP stays in the open, and a log line that
/// would read as a workflow command (<c>::set-output</c>, <c>::add-mask::</c>, <c>##[...]</c>) is
/// shown verbatim between <c>::stop-commands::</c> and its token, so the log cannot drive the runner.
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
        if (LooksLikeCommand(line))
            WriteInert(line);
        else
            output.WriteLine(line);
    }

    /// <summary>Closes the open group at the end of the job, or when the wait stops.</summary>
    public void Complete() => CloseGroup();

    private static string GroupTitle(string playLine)
    {
        // "PLAY [Deploy the undercloud] *****" -> "PLAY [Deploy the undercloud]"
        return playLine.TrimEnd().TrimEnd('*').TrimEnd();
    }

    private static bool LooksLikeCommand(string line)
    {
        var start = line.AsSpan().TrimStart();
        return start.StartsWith("::") || start.StartsWith("##[");
    }

    private void WriteInert(string line)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        output.WriteLine(WorkflowCommands.StopCommands(token));
        output.WriteLine(line);
        output.WriteLine(WorkflowCommands.ResumeCommands(token));
    }

    private void CloseGroup()
    {
        if (!groupOpen)
            return;
        output.WriteLine(WorkflowCommands.EndGroup);
        groupOpen = false;
    }
}
