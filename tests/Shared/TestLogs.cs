using System.Text;

namespace Traas.Tests.Shared;

/// <summary>Generated logs shared by the test projects (compiled into each).</summary>
internal static class TestLogs
{
    /// <summary>One play of <paramref name="count"/> tasks, each failing on its own host.</summary>
    public static string WithFailingTasks(int count)
    {
        var log = new StringBuilder("PLAY [many] ***\n");
        for (var i = 0; i < count; i++)
        {
            log.Append("TASK [failing task ").Append(i).Append("] ***\n");
            log.Append("fatal: [host-").Append(i).Append("]: FAILED! => {\"msg\": \"broke number ").Append(i)
               .Append(" with a message long enough to take some room in the summary\"}\n");
        }
        return log.ToString();
    }
}
