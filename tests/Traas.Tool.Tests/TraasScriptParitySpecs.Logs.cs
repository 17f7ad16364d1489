namespace Traas.Tool.Tests;

/// <summary>collect_logs.sh: toci writes it and runs it for two nodepool providers; traas.sh, for the others.</summary>
public sealed partial class TraasScriptParitySpecs
{
    [Fact]
    public async Task Collect_logs_sh_runs_when_toci_did_not()
    {
        var run = await TraasScript.RunAsync(Settings());

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        Assert.Equal("ran\n", File.ReadAllText(Path.Combine(Root, "workspace", "logs", "standin-collect-runs")));
        Assert.True(File.Exists(Path.Combine(Root, "workspace", "logs", "undercloud", "var", "log",
            "undercloud_install.log")));
        Assert.True(File.Exists(Path.Combine(Root, "workspace", "logs", "subnode-2", "var", "log",
            "overcloud_deploy.log")));
        Assert.Contains("traas: collect_logs.sh done\n", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collect_logs_sh_does_not_run_again_when_toci_ran_it()
    {
        var settings = Settings();
        settings["NODEPOOL_PROVIDER"] = "rdo-cloud-tripleo";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        Assert.Equal("ran\n", File.ReadAllText(Path.Combine(Root, "workspace", "logs", "standin-collect-runs")));
        Assert.Contains("traas: toci ran collect_logs.sh itself (NODEPOOL_PROVIDER=rdo-cloud-tripleo)\n", run.Log,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collect_logs_sh_is_stopped_at_its_time_limit()
    {
        var slow = _tripleoCi.At(_pinnedCi).Write("toci_gate_test.sh", Toci("slow collect", collectSeconds: 600),
            executable: true).Commit("a collect_logs.sh that hangs");
        _tripleoCi.Push(slow, "refs/heads/standin-slow");
        var settings = Settings();
        settings["TRIPLEO_CI_BRANCH"] = "standin-slow";
        settings["TRAAS_COLLECT_LOGS_TIMEOUT"] = "2s";

        var run = await TraasScript.RunAsync(settings, within: TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        Assert.Equal("ran\n", File.ReadAllText(Path.Combine(Root, "workspace", "logs", "standin-collect-runs")));
        Assert.Contains("traas: collect_logs.sh stopped after 2s: some logs may be missing\n", run.Log,
            StringComparison.Ordinal);
    }
}
