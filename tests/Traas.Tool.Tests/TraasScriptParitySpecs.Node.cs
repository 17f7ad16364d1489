using System.Diagnostics;

namespace Traas.Tool.Tests;

/// <summary>The node as toci expects it: the nodepool files, the environment, the virtualenv.</summary>
public sealed partial class TraasScriptParitySpecs
{
    [Fact]
    public async Task The_nodepool_files_are_written_as_tripleo_sh_setup_nodepool_files_wrote_them()
    {
        var settings = Settings();
        settings["SUB_NODE_IPS"] = "192.0.2.11 192.0.2.12";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        foreach (var file in new[] { "primary_node", "primary_node_private", "node", "node_private" })
            Assert.Equal("192.0.2.10\n", File.ReadAllText(Path.Combine(NodepoolDir, file)));
        foreach (var file in new[] { "sub_nodes", "sub_nodes_private" })
            Assert.Equal("192.0.2.11\n192.0.2.12\n", File.ReadAllText(Path.Combine(NodepoolDir, file)));
        var publicKey = File.ReadAllText(Path.Combine(NodepoolDir, "id_rsa.pub"));
        var authorized = File.ReadAllText(Path.Combine(Home, ".ssh", "authorized_keys"));
        Assert.Contains(publicKey, authorized, StringComparison.Ordinal);
        // With a provider file, toci would source /etc/ci/mirror_info.sh, which only a nodepool node has.
        Assert.False(File.Exists(Path.Combine(NodepoolDir, "provider")));
        Assert.Equal(Root, new FileInfo(StackLink).LinkTarget);
    }

    [Fact]
    public async Task Toci_gets_the_NODEPOOL_and_MTU_settings_it_reads()
    {
        var run = await TraasScript.RunAsync(Settings());

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        var toci = run.TociEnvironment!;
        var expected = new Dictionary<string, string>
        {
            ["TRIPLEO_ROOT"] = Root,
            ["WORKSPACE"] = Path.Combine(Root, "workspace"),
            ["PWD"] = Path.Combine(Root, "tripleo-ci"),
            ["TOCI_JOBTYPE"] = "multinode-1ctlr-featureset004",
            ["ZUUL_BRANCH"] = "master",
            ["ZUUL_URL"] = _gerrit.Url,
            ["NODEPOOL_PROVIDER"] = "traas",
            ["NODEPOOL_CLOUD"] = "rax",
            ["NODEPOOL_REGION"] = "dfw",
            ["NODEPOOL_AZ"] = "",
            ["MTU"] = "1400",
            ["EXTRA_VARS"] = "--extra-vars vxlan_mtu=1400",
        };
        Assert.Equal(expected,
            expected.Keys.ToDictionary(name => name, name => toci.GetValueOrDefault(name, "(unset)")));
    }

    [Fact]
    public async Task The_virtualenv_is_where_toci_expects_it_with_the_changed_extras_installed()
    {
        UploadChange(_extras, "openstack/tripleo-quickstart-extras", _pinnedExtras, 7, 1, "standin_extras.py",
            "CHANGED = 'by change 7'\n");
        var settings = Settings();
        settings["TRAAS_SETUP_VENV"] = "1";
        settings["CI_CHANGES"] = "openstack/tripleo-quickstart-extras:7";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        var python = Path.Combine(Root, "workspace", ".quickstart", "bin", "python");
        Assert.Equal("by change 7", Python(python, "import standin_extras; print(standin_extras.CHANGED)"));
    }

    [Fact]
    public async Task TRAAS_SKIP_CLONE_leaves_the_node_as_it_is()
    {
        var settings = Settings();
        settings["TRAAS_SKIP_CLONE"] = "1";
        settings.Remove("TRAAS_SETUP_VENV");
        settings["TRAAS_TOCI_COMMAND"] = "echo 'the sandbox stand-in job'";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == 0, run.WhatHappened);
        Assert.Contains("the sandbox stand-in job\n", run.Log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Root, "tripleo-ci")));
        Assert.False(Directory.Exists(Path.Combine(Root, "workspace", ".quickstart")));
        Assert.False(Directory.Exists(NodepoolDir));
        Assert.False(Path.Exists(StackLink));
    }

    private string Python(string python, string code)
    {
        // Not from a checkout: the module must come from the virtualenv's site-packages.
        var start = new ProcessStartInfo(python, ["-c", code])
        {
            WorkingDirectory = Home,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {python}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
        return output.Result.Trim();
    }
}
