using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Traas.Tool.Model;

namespace Traas.Tool.Tests;

/// <summary>
/// A failing job run end to end on the sandbox, in a pull request, with its logs hosted on the
/// sandbox's real Swift: every link traas-ci posts (through the GitHub contract) is absolute, and
/// each line link, opened in headless Chromium through the Swift proxy, shows that line.
/// </summary>
[Collection(OpenStackSandbox.Collection)]
public sealed partial class HostedRunSpecs(OpenStackSandbox sandbox) : IDisposable
{
    private const string Head = "3333333333333333333333333333333333333333";

    private readonly string work = Directory.CreateTempSubdirectory("traas-hosted-").FullName;

    private string Out => Path.Combine(work, "artifacts");

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task Every_posted_link_is_absolute_and_each_line_link_opens_its_line_through_swift()
    {
        await using var github = await ContractCheckedGitHubFake.StartAsync();
        var container = $"traas-e2e-{Guid.NewGuid():N}"[..20];
        // The base branch's last passing run of the job left its traas.log as the baseline artifact:
        // the stand-in job's own transcript when it passes (the script the sandbox's node runs).
        var baseline = new FakeWorkflowRun(90, Head, "traas.yml", DateTimeOffset.UtcNow.AddHours(-3), TimeSpan.FromHours(1));
        baseline.Artifacts.Add(new FakeArtifact(901, "traas-baseline-multinode-1ctlr-featureset004", await PassingLogZipAsync()));
        github.WorkflowRuns.Add(baseline);

        var run = await CliRun.RunAsync([.. RunArgs($"e2e-{Guid.NewGuid():N}"[..16]), "--logs-swift-container", container],
            environment: Environment(github));

        Assert.True(run.ExitCode == ExitCodes.JobFailed, run.Stderr);
        Assert.True(github.Violations.Count == 0, string.Join("\n", github.Violations));
        var state = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Out, "run-state.json")))!;
        var console = (string?)state["console_url"];
        Assert.NotNull(console);
        Assert.StartsWith("http://127.0.0.1:", console, StringComparison.Ordinal);
        Assert.Contains($"/{container}/", console, StringComparison.Ordinal);

        var posted = string.Join("\n", github.Requests.Select(r => r.Body?.ToJsonString() ?? ""));
        var targets = MarkdownTarget().Matches(Unescape(posted)).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(targets);
        Assert.All(targets, url => Assert.True(Uri.TryCreate(url, UriKind.Absolute, out _), $"a relative link was posted: {url}"));
        var (_, create, _) = Assert.Single(github.CheckRuns);
        Assert.Equal(console, (string?)create["details_url"]);
        // The failed run against the passing one: the failing task's lines are new, with the failure's class.
        var comment = Assert.Single(github.Comments[31]).Body;
        Assert.Contains("### New lines against the last passing run", comment, StringComparison.Ordinal);
        Assert.Matches(@"> +\d+  fatal: \[undercloud\]: FAILED!", comment);
        Assert.Contains("job failure", comment, StringComparison.Ordinal);
        Assert.Equal([901], github.BlobDownloads);

        var lines = targets.Where(t => t.StartsWith(console + "#L", StringComparison.Ordinal))
            .Select(t => int.Parse(t[(console.Length + 2)..], System.Globalization.CultureInfo.InvariantCulture))
            .Distinct().Order().ToList();
        Assert.NotEmpty(lines);
        // Lines as the report counts them: ended by LF only (File.ReadLines also ends one at a lone CR).
        var log = (await File.ReadAllTextAsync(Path.Combine(Out, "traas.log"))).Split('\n');
        foreach (var line in lines.Take(4))
        {
            var dom = await HeadlessChromium.DumpDomAsync($"{console}#L{line}", work);
            Assert.True(HeadlessChromium.ShowsLine(dom, line, log[line - 1]),
                $"{console}#L{line} does not show line {line} ({log[line - 1]})");
        }
    }

    // JSON-escaped request bodies: the markdown in them, as GitHub would render it.
    private static string Unescape(string json) => json.Replace("\\n", "\n", StringComparison.Ordinal)
        .Replace("\\u0022", "\"", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal);

    [GeneratedRegex(@"\]\(([^)\s]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownTarget();

    private async Task<byte[]> PassingLogZipAsync()
    {
        var script = Path.Combine(OpenStackSandbox.Repo, "scripts", "sandbox", "standin-toci-job.sh");
        var start = new System.Diagnostics.ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            Environment = { ["STANDIN_OUTCOME"] = "pass", ["STANDIN_SECONDS"] = "0", ["WORKSPACE"] = work },
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var log = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"the stand-in job did not pass: {process.ExitCode}");
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry("traas.log").Open();
            await entry.WriteAsync(System.Text.Encoding.UTF8.GetBytes(log));
        }
        return buffer.ToArray();
    }

    private Dictionary<string, string> Environment(ContractCheckedGitHubFake github)
    {
        var eventPath = Path.Combine(work, "event.json");
        File.WriteAllText(eventPath, "{\"pull_request\": {\"number\": 31, \"head\": {\"sha\": \"" + Head + "\"}}}");
        var environment = new Dictionary<string, string>(sandbox.Environment) { ["TRAAS_POLL_SECONDS"] = "1" };
        foreach (var (key, value) in github.Environment(eventPath))
            environment[key] = value;
        environment["TRAAS_GITHUB_RETRIES"] = "1";
        environment["GITHUB_BASE_REF"] = "main";
        return environment;
    }

    private string[] RunArgs(string name)
    {
        var job = Path.Combine(work, "job-fail.yaml");
        File.WriteAllText(job, "parameter_defaults:\n  standin_outcome: fail\n  standin_seconds: 3\n");
        var options = sandbox.RunOptions.ToList();
        options[options.IndexOf("--known-hosts") + 1] = Path.Combine(work, "known_hosts");
        return ["run", name, "-t", Path.Combine(OpenStackSandbox.Repo, "templates", "traas.yaml"), .. options, "-e", job,
            "--out", Out, "--no-depends-on"];
    }
}
