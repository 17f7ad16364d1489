using System.Text.Json.Nodes;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// A node that answers each read of traas.log with one byte, half a second later: the wait ends at the job's
/// deadline (a minute at the least for the poll it is in), TIMED_OUT, not when the node has dripped the 64 MiB
/// a poll may read, weeks later.
/// </summary>
public sealed partial class HostileNodeSpecs
{
    [Fact]
    public async Task A_log_that_drips_a_byte_at_a_time_ends_the_wait_at_the_deadline_timed_out()
    {
        node.Mode("drip-log");
        Log("never read whole\n");

        // The job's time is half a minute (State()); the poll under way is cut a minute after it started.
        var run = await TraasAsync(["wait", "--state", State()], seconds: 90);

        AssertBounded(run, ExitCodes.TimedOut, 90);
        Assert.Contains("TIMED_OUT: the undercloud answered too slowly to read traas.log to its end", run.Stderr,
            StringComparison.Ordinal);
        Assert.Equal("TIMED_OUT",
            (string?)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(work, "run-state.json")))!["result"]);
    }
}
