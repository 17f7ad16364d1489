using System.Text;
using Traas.Tool.Model;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests;

/// <summary>
/// What of a run goes to Swift, and as what (<see cref="HostedType"/>): the pages traas-ci writes as pages; what
/// the node wrote (logs/, traas.log), which ran the pull request's code, as text or a download whatever its name,
/// so that no page or script of its is served beside every run's console page; gzip text gzip-encoded, for a
/// browser to show; and no run state at any depth, as action.yml leaves them out of the artifact.
/// </summary>
public sealed class HostedContentSpecs : IDisposable
{
    private const string Text = "text/plain; charset=utf-8";

    private readonly string work = Directory.CreateTempSubdirectory("traas-hosted-type-").FullName;

    private string Out => Path.Combine(work, "artifacts");

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task The_pages_traas_ci_writes_are_served_as_pages_at_the_top_and_in_an_attempts_folder()
    {
        await ReportAndDiffAsync(Out);
        await ReportAndDiffAsync(Path.Combine(Out, "attempts", "1"));
        await File.WriteAllTextAsync(Path.Combine(Out, "index.html"), "<!DOCTYPE html>\n");

        var types = Types(Out, "console.html", "index.html", "junit.xml", "new-lines.json", "summary.md",
            "summary-comment.md", "new-lines.md", "attempts/1/console.html", "attempts/1/junit.xml");

        Assert.Equal(
        [
            ("text/html; charset=utf-8", "gzip", true), ("text/html; charset=utf-8", "gzip", true),
            ("application/xml", "gzip", true), ("application/json", "gzip", true), (Text, "gzip", true),
            (Text, "gzip", true), (Text, "gzip", true),
            ("text/html; charset=utf-8", "gzip", true), ("application/xml", "gzip", true),
        ], types);
    }

    [Theory]
    [InlineData("logs/ara-report/index.html")]
    [InlineData("logs/undercloud/home/zuul/overcloud-deploy.htm")]
    [InlineData("logs/console.html")]
    [InlineData("logs/attempts/1/console.html")]
    [InlineData("attempts/1/logs/index.html")]
    [InlineData("attempts/x/console.html")]
    [InlineData("logs/icon.svg")]
    [InlineData("logs/page.xhtml")]
    [InlineData("logs/app.js")]
    [InlineData("logs/feed.xml")]
    [InlineData("traas.log")]
    public async Task A_page_or_script_the_node_wrote_is_served_as_text(string name)
    {
        // As an ara-report's page starts, with a script that would run on the log domain if served as a page.
        await WriteAsync(name, "<!DOCTYPE html>\n<html><head><script>fetch('/'+document.cookie)</script></head>"
            + "<body><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/></body></html>\n");

        Assert.Equal([(Text, "gzip", true)], Types(Out, name));
    }

    [Fact]
    public async Task A_real_log_the_node_wrote_is_text_whatever_its_name()
    {
        var log = await File.ReadAllBytesAsync(CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-ansible-failed.log"));
        foreach (var name in new[] { "traas.log", "logs/undercloud/var/log/ansible.log", "logs/picture.png" })
            await WriteAsync(name, log);

        Assert.Equal(Enumerable.Repeat((Text, (string?)"gzip", true), 3),
            Types(Out, "traas.log", "logs/undercloud/var/log/ansible.log", "logs/picture.png"));
    }

    [Fact]
    public async Task Text_compressed_by_gzip_goes_up_as_it_is_gzip_encoded_for_a_browser_to_show()
    {
        // As TripleO's collect-logs leaves most logs: *.txt.gz, by gzip(1).
        var log = await File.ReadAllBytesAsync(CliRun.RealLogPath("tripleo-osp13-overcloud-deploy-passed.log"));
        await WriteAsync("logs/undercloud/var/log/extra/errors.txt.gz", RealTool.Run("gzip", ["-c", "-n"], log));
        await WriteAsync("logs/ara-report/index.html.gz",
            RealTool.Run("gzip", ["-c"], "<script>x()</script>"u8.ToArray()));

        Assert.Equal([(Text, "gzip", false), (Text, "gzip", false)],
            Types(Out, "logs/undercloud/var/log/extra/errors.txt.gz", "logs/ara-report/index.html.gz"));
    }

    [Fact]
    public async Task What_the_node_wrote_that_is_not_text_is_a_download()
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, "tree")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "a.log"), "a line\n");
        var tarball = RealTool.Run("tar", ["-czf", "-", "-C", folder, "a.log"], []);
        await WriteAsync("logs/tree.tar.gz", tarball);
        await WriteAsync("logs/tempest.subunit",
            await File.ReadAllBytesAsync(CliRun.RealLogPath("subunit/stestr-sample-failure.subunit")));
        await WriteAsync("logs/page.html", [.. "<html>"u8, 0, .. "<script>x()</script>"u8]);
        // A whole gzip header, and then a deflate block of the reserved type 3: no browser could decode it.
        await WriteAsync("logs/broken.txt.gz", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff]);

        Assert.Equal(Enumerable.Repeat(("application/octet-stream", (string?)null, false), 4),
            Types(Out, "logs/tree.tar.gz", "logs/tempest.subunit", "logs/page.html", "logs/broken.txt.gz"));
    }

    [Fact]
    public async Task No_run_state_is_hosted_neither_the_runs_nor_a_retried_attempts()
    {
        await ReportAndDiffAsync(Out);
        await WriteAsync("run-state.json", "{\"host\": \"192.0.2.10\"}");
        await WriteAsync("attempts/1/run-state.json", "{\"host\": \"192.0.2.9\", \"key_file\": \"/home/runner/k\"}");
        await WriteAsync("attempts/1/traas.log", "a line\n");
        await WriteAsync("attempts/1/logs/undercloud.log", "a line\n");
        await WriteAsync("logs/undercloud.log", "a line\n");
        await WriteAsync("logs/run-state.json.txt", "{}");

        var hosted = HostStage.Files(Out).Select(f => f.Name).ToList();

        Assert.Equal(["attempts/1/logs/undercloud.log", "attempts/1/traas.log", "console.html", "junit.xml",
            "logs/run-state.json.txt", "logs/undercloud.log", "new-lines.json", "new-lines.md", "summary-comment.md",
            "summary.md"], hosted);
    }

    [Theory]
    [InlineData("run-state.json", true)]
    [InlineData("attempts/1/run-state.json", true)]
    [InlineData("attempts/12/run-state.json", true)]
    [InlineData("logs/undercloud/run-state.json", true)]
    [InlineData("attempts/1/run-state.json.txt", false)]
    [InlineData("attempts/1/junit.xml", false)]
    [InlineData("my-run-state.json", false)]
    public void A_run_state_is_known_by_its_name_at_any_depth(string name, bool isPrivate) =>
        Assert.Equal(isPrivate, HostStage.IsPrivate(name));

    /// <summary>What report and diff write from two real TripleO logs, as a failing run leaves its folder.</summary>
    private static async Task ReportAndDiffAsync(string folder)
    {
        var failed = CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-ansible-failed.log");
        var passed = CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-passed.log");
        var report = await CliRun.RunAsync(["report", failed, "--out", folder, "--job-name", "hosted-job"]);
        Assert.Equal(ExitCodes.JobFailed, report.ExitCode);
        var diff = await CliRun.RunAsync(["diff", failed, "--baseline", passed, "--out", folder]);
        // New lines found: the exit code says so, and new-lines.md and .json are written.
        Assert.Equal(ExitCodes.JobFailed, diff.ExitCode);
    }

    private Task WriteAsync(string name, string text) => WriteAsync(name, Encoding.UTF8.GetBytes(text));

    private async Task WriteAsync(string name, byte[] bytes)
    {
        var path = Path.Combine(Out, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, bytes);
    }

    private static List<(string, string?, bool)> Types(string folder, params string[] names) =>
        [.. names.Select(name => HostedType.Of(name, Path.Combine(folder, name)))
            .Select(t => (t.ContentType, t.ContentEncoding, t.Compress))];
}
