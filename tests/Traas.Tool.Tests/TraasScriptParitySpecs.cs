namespace Traas.Tool.Tests;

/// <summary>
/// templates/scripts/traas.sh does what upstream traas's scripts/traas.sh did (README, "What traas.sh
/// does"), tested offline: stand-in remotes for tripleo-ci, tripleo-quickstart and
/// tripleo-quickstart-extras, each with a pinned commit and a later tip; a stand-in Gerrit; and a
/// stand-in toci_gate_test.sh with its collect_logs.sh. Split by concern into partial files.
/// </summary>
public sealed partial class TraasScriptParitySpecs : IDisposable
{
    private const int TociStatus = 3;
    private const string PinnedSettings = "pinned\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("traas-parity-").FullName;
    private readonly StandinRemote _tripleoCi;
    private readonly StandinRemote _quickstart;
    private readonly StandinRemote _extras;
    private readonly StandinGerrit _gerrit;
    private readonly string _pinnedCi;
    private readonly string _tipCi;
    private readonly string _pinnedQuickstart;
    private readonly string _pinnedExtras;

    public TraasScriptParitySpecs()
    {
        _tripleoCi = StandinRemote.Create(_dir, "tripleo-ci");
        _pinnedCi = _tripleoCi.Write("toci_gate_test.sh", Toci("pinned"), executable: true)
            .Write("settings.txt", PinnedSettings).Commit("pinned");
        _tipCi = _tripleoCi.Write("toci_gate_test.sh", Toci("tip"), executable: true)
            .Write("settings.txt", "tip\n").Commit("tip");
        _tripleoCi.Push(_tipCi, "refs/heads/master");

        _quickstart = StandinRemote.Create(_dir, "tripleo-quickstart");
        _pinnedQuickstart = _quickstart.Write("quickstart.sh", "pinned\n").Commit("pinned");
        _quickstart.Push(_quickstart.Write("quickstart.sh", "tip\n").Commit("tip"), "refs/heads/master");

        // An installable package, as extras is, that pip can build with no index (the tests are offline).
        _extras = StandinRemote.Create(_dir, "tripleo-quickstart-extras");
        _pinnedExtras = _extras
            .Write("pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"standin_backend\"\n"
                + "backend-path = [\".\"]\n")
            .Write("standin_backend.py", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Support",
                "standin_build_backend.py")))
            .Write("standin_extras.py", "CHANGED = 'pinned'\n").Commit("pinned");
        _extras.Push(_extras.Write("standin_extras.py", "CHANGED = 'tip'\n").Commit("tip"), "refs/heads/master");

        _gerrit = new StandinGerrit(_dir);
        Directory.CreateDirectory(Home);
    }

    private string Root => Path.Combine(_dir, "tripleo-root");

    private string Home => Path.Combine(_dir, "home");

    private string NodepoolDir => Path.Combine(_dir, "etc-nodepool");

    private string StackLink => Path.Combine(_dir, "opt-stack", "new");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task I_get_the_pinned_commits_checked_out_not_the_branch_tips()
    {
        var run = await TraasScript.RunAsync(Settings());

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        Assert.Equal(_pinnedCi, Head("tripleo-ci"));
        Assert.Equal(_pinnedQuickstart, Head("tripleo-quickstart"));
        Assert.Equal(_pinnedExtras, Head("tripleo-quickstart-extras"));
        Assert.Contains("standin toci_gate_test.sh at pinned\n", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task I_can_pin_a_branch_instead_of_a_commit()
    {
        var branchTip = _tripleoCi.At(_pinnedCi).Write("toci_gate_test.sh", Toci("stable"), executable: true)
            .Commit("on a branch");
        _tripleoCi.Push(branchTip, "refs/heads/standin-stable");
        var settings = Settings();
        settings["TRIPLEO_CI_BRANCH"] = "standin-stable";

        var run = await TraasScript.RunAsync(settings);

        Assert.True(run.ExitCode == TociStatus, run.WhatHappened);
        Assert.Equal(branchTip, Head("tripleo-ci"));
        Assert.Contains("standin toci_gate_test.sh at stable\n", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_and_the_templates_pin_the_same_refs()
    {
        var templates = Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates");
        var script = File.ReadAllText(Path.Combine(templates, "scripts", "traas.sh"));
        string[] pinned = ["tripleo_ci_remote", "tripleo_ci_branch", "tripleo_quickstart_remote",
            "tripleo_quickstart_ref", "tripleo_quickstart_extras_remote", "tripleo_quickstart_extras_ref",
            "gerrit_url"];

        string[] files = ["traas.yaml", "toci-job.yaml", Path.Combine("sandbox", "standin-toci-job.yaml")];
        foreach (var file in files)
        {
            var defaults = ParameterDefaults(Path.Combine(templates, file));
            foreach (var parameter in pinned)
            {
                var variable = parameter.ToUpperInvariant();
                Assert.True(defaults.TryGetValue(parameter, out var value), $"{file} has no {parameter}");
                Assert.True(script.Contains($"{{{variable}:-{value}}}", StringComparison.Ordinal),
                    $"traas.sh's default for {variable} is not {file}'s {value}");
            }
        }
    }

    private static string Toci(string label, int collectSeconds = 0) =>
        new StandinToci { Label = label, Status = TociStatus, CollectSeconds = collectSeconds }.Script();

    /// <summary>A node as the tests have it: the stand-ins, and each system path in the temporary folder.</summary>
    private Dictionary<string, string> Settings() => new()
    {
        ["HOME"] = Home,
        ["TRAAS_ROOT"] = Root,
        ["TRIPLEO_CI_REMOTE"] = _tripleoCi.Url,
        ["TRIPLEO_CI_BRANCH"] = _pinnedCi,
        ["TRIPLEO_QUICKSTART_REMOTE"] = _quickstart.Url,
        ["TRIPLEO_QUICKSTART_REF"] = _pinnedQuickstart,
        ["TRIPLEO_QUICKSTART_EXTRAS_REMOTE"] = _extras.Url,
        ["TRIPLEO_QUICKSTART_EXTRAS_REF"] = _pinnedExtras,
        ["GERRIT_URL"] = _gerrit.Url,
        ["PRIMARY_NODE_IP"] = "192.0.2.10",
        ["SUB_NODE_IPS"] = "192.0.2.11",
        ["TRAAS_NODEPOOL_DIR"] = NodepoolDir,
        ["TRAAS_STACK_LINK"] = StackLink,
        // No overcloud node to copy to; the virtualenv only where a test is about it (it takes seconds).
        ["TRAAS_SYNC_SUBNODES"] = "0",
        ["TRAAS_SETUP_VENV"] = "0",
        ["PIP_NO_INDEX"] = "1",
        ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
    };

    private string Head(string checkout) => StandinGit.Run(Path.Combine(Root, checkout), "rev-parse", "HEAD");

    private string Checkout(string checkout, string file) => File.ReadAllText(Path.Combine(Root, checkout, file));

    private static Dictionary<string, string> ParameterDefaults(string template)
    {
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(File.ReadAllText(template));
        return ((Dictionary<object, object>)yaml["parameters"])
            .Where(parameter => parameter.Value is Dictionary<object, object> body && body.ContainsKey("default"))
            .ToDictionary(parameter => (string)parameter.Key,
                parameter => Convert.ToString(((Dictionary<object, object>)parameter.Value)["default"],
                    System.Globalization.CultureInfo.InvariantCulture) ?? "");
    }
}
