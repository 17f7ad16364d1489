using System.Net;
using Traas.Tool.Config;
using Traas.Tool.GitHub;
using Traas.Tool.Logging;
using Traas.Tool.Model;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests;

/// <summary>
/// The run's logs on the sandbox's real Swift (proxy, account, container and object servers, Keystone
/// auth): what is stored and how (types, gzip, retention), read anonymously from a public container
/// or through temp URLs, an upload that fails halfway, retries on 503, and the console page opened
/// at a line in headless Chromium through Swift.
/// </summary>
[Collection(OpenStackSandbox.Collection)]
public sealed class SwiftHostingSpecs(OpenStackSandbox sandbox) : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("traas-swift-").FullName;

    private string Out => Path.Combine(work, "artifacts");

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task The_logs_are_on_swift_public_with_their_types_gzip_retention_and_an_index()
    {
        await ReportAsync();
        var container = NewName("pub");
        var (hosted, stderr) = await HostAsync(new SwiftHosting(container, null, null, TimeSpan.FromDays(30)));

        Assert.NotNull(hosted);
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        using var index = await http.GetAsync(hosted.Index);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        var indexText = await Gunzipped(index);
        foreach (var file in new[] { "console.html", "junit.xml", "summary.md", "traas.log", "logs/undercloud.log" })
            Assert.Contains($">{file}</a>", indexText, StringComparison.Ordinal);
        Assert.DoesNotContain("run-state.json", indexText, StringComparison.Ordinal);
        Assert.Contains(">attempts/1/traas.log</a>", indexText, StringComparison.Ordinal);
        using var console = await http.GetAsync(hosted.Console);
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Equal(["gzip"], console.Content.Headers.ContentEncoding);
        Assert.Contains("<html", await Gunzipped(console), StringComparison.Ordinal);
        using var log = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, hosted.Files["traas.log"]));
        Assert.Equal("text/plain", log.Content.Headers.ContentType?.MediaType);
        // Swift turns X-Delete-After into X-Delete-At, an epoch: about 30 days from now.
        var deleteAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(log.Headers.GetValues("X-Delete-At").Single(),
            System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(deleteAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(29.9), TimeSpan.FromDays(30.1));
        using var junit = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, hosted.Files["junit.xml"]));
        Assert.Equal("application/xml", junit.Content.Headers.ContentType?.MediaType);
        // The node's page is text, its gzip text goes gzip-encoded as it came, for a browser to show.
        using var page = await http.GetAsync(hosted.Files["logs/ara-report/index.html"]);
        Assert.Equal("text/plain", page.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await Gunzipped(page), StringComparison.Ordinal);
        using var gzipped = await http.GetAsync(hosted.Files["logs/errors.txt.gz"]);
        Assert.Equal("text/plain", gzipped.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["gzip"], gzipped.Content.Headers.ContentEncoding);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Out, "logs", "errors.txt.gz")),
            await gzipped.Content.ReadAsByteArrayAsync());
        Assert.Contains("hosted 10 files", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_temp_urls_the_container_is_private_and_only_signed_links_open()
    {
        await ReportAsync();
        var (hosted, _) = await HostAsync(new SwiftHosting(NewName("tmp"), null, null, TimeSpan.FromDays(1), "k3y-of-the-test"));

        Assert.NotNull(hosted);
        using var http = new HttpClient();
        Assert.Contains("temp_url_sig=", hosted.Console, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(hosted.Console)).StatusCode);
        var unsigned = hosted.Console[..hosted.Console.IndexOf('?', StringComparison.Ordinal)];
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(unsigned)).StatusCode);
        var forged = hosted.Console.Replace("temp_url_sig=", "temp_url_sig=0", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task An_upload_that_fails_halfway_is_a_warning_and_no_links()
    {
        await ReportAsync();
        await sandbox.ScriptAsync("swift-object-stop", TimeSpan.FromSeconds(30));
        try
        {
            var (hosted, stderr) = await HostAsync(new SwiftHosting(NewName("down"), null, null, TimeSpan.FromDays(1)),
                retries: 1);

            Assert.Null(hosted);
            Assert.Contains("warning: could not host the logs on Swift", stderr, StringComparison.Ordinal);
            Assert.Contains("links go to the workflow run instead", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.ScriptAsync("swift-object-start", TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Swift_answering_503_at_first_is_tried_again()
    {
        await ReportAsync();
        await using var proxy = new FaultyProxy(OpenStackSandbox.SwiftPort, FaultyProxy.Fault.ServiceUnavailable, FaultyProxy.Fault.ServiceUnavailable,
            FaultyProxy.Fault.Drop);
        var clouds = Path.Combine(work, "swift-proxy.yaml");
        await File.WriteAllTextAsync(clouds, File.ReadAllText(sandbox.CloudsYaml).Replace("    region_name: RegionOne\n    interface: public\n",
            $"    region_name: RegionOne\n    interface: public\n    object_store_endpoint_override: http://127.0.0.1:{proxy.Port}/v1/AUTH_%(project_id)s\n",
            StringComparison.Ordinal));

        var (hosted, stderr) = await HostAsync(new SwiftHosting(NewName("retry"), null, null, TimeSpan.FromDays(1)), clouds: clouds);

        Assert.NotNull(hosted);
        Assert.Contains("trying again", stderr, StringComparison.Ordinal);
        Assert.True(proxy.Connections > 3);
    }

    [Fact]
    public async Task Chromium_opens_the_hosted_console_page_at_a_line()
    {
        // A real TripleO deploy log (../shared/reallogs), long enough that line 123 is far from the top.
        var log = CliRun.RealLogPath("tripleo-osp13-overcloud-deploy-heat-nested-ansible-failed.log");
        // Lines as the report counts them: ended by LF only (File.ReadLines also ends one at a lone CR).
        var line = File.ReadAllText(log).Split('\n')[122];
        Assert.StartsWith("2018-11-15 21:04:50Z [vcp.StorageVirtualIP]: CREATE_COMPLETE", line, StringComparison.Ordinal);
        await ReportAsync(log);
        var (hosted, _) = await HostAsync(new SwiftHosting(NewName("page"), null, null, TimeSpan.FromDays(1)));
        Assert.NotNull(hosted);

        var dom = await HeadlessChromium.DumpDomAsync(hosted.Console + "#L123", work);

        // The line's own element, with the line's text in it, is in the DOM the page's scripts left.
        Assert.True(HeadlessChromium.ShowsLine(dom, 123, line), "line 123 is not shown in the page as Chromium rendered it");
    }

    /// <summary>A real report of a failing job, with one collected log beside it.</summary>
    private async Task ReportAsync(string? log = null)
    {
        log ??= CliRun.LogPath("failing-job.log");
        var run = await CliRun.RunAsync(["report", log, "--out", Out, "--job-name", "swift-job"]);
        Assert.Equal(ExitCodes.JobFailed, run.ExitCode);
        Directory.CreateDirectory(Path.Combine(Out, "logs"));
        await File.WriteAllTextAsync(Path.Combine(Out, "logs", "undercloud.log"), string.Concat(Enumerable.Repeat("a log line\n", 1000)));
        File.Copy(log, Path.Combine(Out, "traas.log"));
        await File.WriteAllTextAsync(Path.Combine(Out, "run-state.json"), "{}");
        // What the node wrote beside its logs: a page (as ara-report's) and gzip text (as collect-logs leaves it).
        Directory.CreateDirectory(Path.Combine(Out, "logs", "ara-report"));
        await File.WriteAllTextAsync(Path.Combine(Out, "logs", "ara-report", "index.html"),
            "<!DOCTYPE html>\n<html><script>alert(document.domain)</script></html>\n");
        await File.WriteAllBytesAsync(Path.Combine(Out, "logs", "errors.txt.gz"),
            RealTool.Run("gzip", ["-c", "-n"], await File.ReadAllBytesAsync(log)));
        // A retried attempt's folder, with its state (which names the undercloud's address).
        Directory.CreateDirectory(Path.Combine(Out, "attempts", "1"));
        File.Copy(log, Path.Combine(Out, "attempts", "1", "traas.log"));
        await File.WriteAllTextAsync(Path.Combine(Out, "attempts", "1", "run-state.json"), "{\"host\": \"192.0.2.9\"}");
    }

    private async Task<(HostedLogs? Hosted, string Stderr)> HostAsync(SwiftHosting hosting, int retries = 3, string? clouds = null)
    {
        var environment = new Dictionary<string, string>(sandbox.Environment)
        {
            ["TRAAS_RETRIES"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TRAAS_RETRY_DELAY"] = "0.05",
        };
        if (clouds is not null)
            environment["OS_CLIENT_CONFIG_FILE"] = clouds;
        var stderr = new StringWriter();
        using var log = ToolLog.Create(stderr, verbose: false);
        var context = new PipelineContext(TextWriter.Null, () => Stream.Null, environment, ToolSettings.FromEnvironment(environment),
            WorkflowRunner.FromEnvironment(environment, TextWriter.Null));
        var hosted = await new HostStage(context, log).RunAsync(hosting, $"traas-ci/demo/PR-1/swift-job/{Guid.NewGuid():N}-1/", Out,
            CancellationToken.None);
        return (hosted, stderr.ToString());
    }

    private static async Task<string> Gunzipped(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.Content.Headers.ContentEncoding.Contains("gzip"))
            return System.Text.Encoding.UTF8.GetString(bytes);
        await using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return await reader.ReadToEndAsync();
    }

    private static string NewName(string prefix) => $"traas-{prefix}-{Guid.NewGuid():N}"[..24];
}
