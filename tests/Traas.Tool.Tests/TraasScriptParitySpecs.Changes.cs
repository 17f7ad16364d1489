namespace Traas.Tool.Tests;

/// <summary>CI_CHANGES: fetched from GERRIT_URL, cherry-picked on the pins.</summary>
public sealed partial class TraasScriptParitySpecs
{
    [Fact]
    public async Task CI_CHANGES_apply_the_current_patchset_of_each_change_from_the_Gerrit()
    {
        UploadChange(_tripleoCi, "openstack/tripleo-ci", _pinnedCi, 12345, 1, "settings.txt", "patchset 1\n");
        UploadChange(_tripleoCi, "openstack/tripleo-ci", _pinnedCi, 12345, 2, "settings.txt", "patchset 2\n");
        // A one-digit change number: its ref is refs/changes/07/7/1.
        UploadChange(_extras, "openstack/tripleo-quickstart-extras", _pinnedExtras, 7, 1, "standin_extras.py",
            "CHANGED = 'by change 7'\n");
        var settings = Settings();
        settings["CI_CHANGES"] = "openstack/tripleo-ci:12345^openstack/tripleo-quickstart-extras:7";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        Assert.Equal("patchset 2\n", Checkout("tripleo-ci", "settings.txt"));
        Assert.Equal(_pinnedCi, StandinGit.Run(Path.Combine(Root, "tripleo-ci"), "rev-parse", "HEAD^"));
        Assert.Equal("CHANGED = 'by change 7'\n", Checkout("tripleo-quickstart-extras", "standin_extras.py"));
        Assert.Equal(settings["CI_CHANGES"], run.TociEnvironment!["CI_CHANGES"]);
    }

    [Fact]
    public async Task I_can_name_the_patchset_of_a_change()
    {
        UploadChange(_tripleoCi, "openstack/tripleo-ci", _pinnedCi, 12345, 1, "settings.txt", "patchset 1\n");
        UploadChange(_tripleoCi, "openstack/tripleo-ci", _pinnedCi, 12345, 2, "settings.txt", "patchset 2\n");
        var settings = Settings();
        settings["CI_CHANGES"] = "openstack/tripleo-ci:12345/1";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        Assert.Equal("patchset 1\n", Checkout("tripleo-ci", "settings.txt"));
    }

    [Fact]
    public async Task A_change_that_does_not_apply_is_a_configuration_error_that_names_it()
    {
        var settings = Settings();
        settings["CI_CHANGES"] = $"openstack/tripleo-ci:{UploadConflictingChange()}";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == ConfigurationError, run.WhatHappened);
        Assert.Equal(["traas: configuration error: change 4242 of openstack/tripleo-ci does not apply: conflict in "
            + $"settings.txt (patchset 1 on tripleo-ci at {_pinnedCi}): rebase it on that ref, "
            + "or leave it out of ci_changes"], run.ConfigurationErrors);
        Assert.Null(run.TociEnvironment);
    }

    [Fact]
    public async Task A_change_the_Gerrit_does_not_have_is_a_configuration_error()
    {
        UploadChange(_tripleoCi, "openstack/tripleo-ci", _pinnedCi, 12345, 1, "settings.txt", "patchset 1\n");
        var settings = Settings();
        settings["CI_CHANGES"] = "openstack/tripleo-ci:999";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == ConfigurationError, run.WhatHappened);
        Assert.Equal([$"traas: configuration error: change 999 of openstack/tripleo-ci not found at {_gerrit.Url}/"
            + "openstack/tripleo-ci: check ci_changes and gerrit_url"], run.ConfigurationErrors);
    }

    [Fact]
    public async Task A_change_to_a_repo_traas_does_not_clone_is_a_configuration_error()
    {
        var settings = Settings();
        settings["CI_CHANGES"] = "openstack/tripleo-heat-templates:12345";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == ConfigurationError, run.WhatHappened);
        Assert.Equal(["traas: configuration error: CI_CHANGES entry 'openstack/tripleo-heat-templates:12345' names "
            + "openstack/tripleo-heat-templates, which traas does not clone: use openstack/tripleo-ci, "
            + "openstack/tripleo-quickstart or openstack/tripleo-quickstart-extras"], run.ConfigurationErrors);
    }

    private void UploadChange(StandinRemote repo, string project, string parent, int change, int patchset,
        string file, string text)
    {
        var commit = repo.At(parent).Write(file, text).Commit($"change {change}, patchset {patchset}");
        _gerrit.Upload(repo, project, change, patchset, commit);
    }

    /// <summary>Change 4242, made on tripleo-ci's tip: it changes settings.txt where the pin differs.</summary>
    private int UploadConflictingChange()
    {
        UploadChange(_tripleoCi, "openstack/tripleo-ci", _tipCi, 4242, 1, "settings.txt", "change 4242\n");
        return 4242;
    }
}
