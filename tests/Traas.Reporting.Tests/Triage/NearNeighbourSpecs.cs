using System.Text;
using Traas.Reporting.Triage;

namespace Traas.Reporting.Tests.Triage;

/// <summary>
/// When a line of the failed log is new: it has no baseline line within the cosine distance 0.3
/// of its token set. Lines of the same step in another run are near; a changed outcome is far.
/// </summary>
public sealed class NearNeighbourSpecs
{
    private const string Baseline = """
        2017-06-24 02:52:17.586 22627 INFO tempest [-] Using tempest config file /etc/tempest/tempest.conf
        TASK [overcloud-deploy : Deploy the overcloud] *********************************
        ok: [undercloud] => {"changed": false, "elapsed": 12}
        Stack overcloud CREATE_COMPLETE
        The overcloud was deployed on 3 nodes of flavor baremetal in the region RegionOne today
        """;

    private static async Task<LogDiffResult> DiffAsync(string failed)
    {
        using var json = new MemoryStream();
        using var summary = new MemoryStream();
        return await LogDiff.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(Baseline)),
            new MemoryStream(Encoding.UTF8.GetBytes(failed)), new LogDiffOutputs(json, summary),
            new LogDiffOptions(), CancellationToken.None);
    }

    [Fact]
    public async Task A_line_of_the_same_step_with_other_times_ids_and_numbers_is_not_new()
    {
        var result = await DiffAsync("""
            2026-12-02 01:10:44.001 9 INFO tempest [-] Using tempest config file /etc/tempest/tempest.conf
            ok: [undercloud] => {"changed": false, "elapsed": 4071}
            """);

        Assert.Equal(0, result.NewLines);
    }

    [Fact]
    public async Task A_long_line_with_one_word_changed_is_near_its_baseline_line()
    {
        var result = await DiffAsync("The overcloud was deployed on 3 nodes of flavor compute in the region RegionOne today");

        Assert.Equal(0, result.NewLines);
    }

    [Fact]
    public async Task A_changed_outcome_is_new_and_its_context_is_shown()
    {
        var result = await DiffAsync("""
            TASK [overcloud-deploy : Deploy the overcloud] *********************************
            Stack overcloud CREATE_FAILED
            """);

        Assert.Equal(1, result.NewLines);
        var block = Assert.Single(result.TopBlocks);
        Assert.Equal(1, block.FirstLine);
        Assert.Contains(block.Lines, l => l.IsNew && l.Text == "Stack overcloud CREATE_FAILED");
        Assert.True(block.MaxDistance > 0.3);
    }

    [Fact]
    public async Task A_long_new_line_keeps_its_message_in_the_json_and_is_cut_in_the_summary()
    {
        var line = "fatal: [undercloud]: FAILED! => {\"stdout\": \"" + new string('x', 5000)
            + "\", \"msg\": \"Unable to find the overcloud plan\"}";
        using var json = new MemoryStream();
        using var summary = new MemoryStream();

        await LogDiff.RunAsync(new MemoryStream(Encoding.UTF8.GetBytes(Baseline)),
            new MemoryStream(Encoding.UTF8.GetBytes(line)), new LogDiffOutputs(json, summary), new LogDiffOptions(),
            CancellationToken.None);

        Assert.Contains("Unable to find the overcloud plan", Encoding.UTF8.GetString(json.ToArray()),
            StringComparison.Ordinal);
        var md = Encoding.UTF8.GetString(summary.ToArray());
        Assert.DoesNotContain("Unable to find the overcloud plan", md, StringComparison.Ordinal);
        Assert.Contains("x \u2026", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_sharing_no_token_with_the_baseline_is_at_distance_1()
    {
        var result = await DiffAsync("Kernel panic - not syncing: VFS: Unable to mount root fs");

        Assert.Equal(1, Assert.Single(result.TopBlocks).MaxDistance, 9);
    }
}
