using System.IO.Compression;
using System.Net;
using Traas.Tool.OpenStack;

namespace Traas.Tool.Pipeline;

/// <summary>Where a run's logs go on Swift, and for how long.</summary>
/// <param name="Container">The container (made, public-read unless temp URLs are asked for).</param>
/// <param name="TempUrlKey">
/// With a key, links are temp URLs signed with it (a secret), and the container stays private.
/// </param>
/// <param name="Cloud">The cloud named for hosting (--logs-swift-cloud); null: the run's (<see cref="For"/>).</param>
/// <param name="Region">The region named for hosting (--logs-swift-region); null: the run's.</param>
internal sealed record SwiftHosting(string Container, string? Cloud, string? Region, TimeSpan Retention,
    string? TempUrlKey = null)
{
    public const int DefaultRetentionDays = 30;

    /// <summary>
    /// Where a run's logs go: the cloud and region named for hosting, or else those of the provider that
    /// ran the job (after a failover, not the first one), or the first provider's when no stack was made.
    /// </summary>
    public SwiftHosting For(RunState run, IReadOnlyList<Provider> providers)
    {
        var ran = run.Stage == RunStage.NothingCreated || providers.Count == 0
            ? providers.FirstOrDefault()
            : new Provider(run.Cloud, run.Region);
        return this with { Cloud = Cloud ?? ran?.Cloud, Region = Region ?? ran?.Region };
    }

    /// <summary>
    /// The run's folder in the container: REPO/PR-N (or the branch)/JOB/RUN_ID-ATTEMPT/ in a workflow,
    /// local/STACK/JOB/TIME/ outside one. Slashes of a branch become '_': one run, one folder level each.
    /// </summary>
    public static string Prefix(GitHub.GitHubContext? github, string jobType, string stackName, DateTimeOffset now)
    {
        static string Part(string text) => text.Replace('/', '_').Replace('\\', '_');
        var time = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        if (github is null)
            return $"local/{Part(stackName)}/{Part(jobType)}/{time}/";
        var change = github.PullRequest is { } pr ? $"PR-{pr}" : Part(github.RefName ?? "branch");
        var attempt = $"{github.RunId ?? time}-{github.RunAttempt}";
        return $"{github.Owner}/{github.Repository}/{change}/{Part(jobType)}/{attempt}/";
    }
}

/// <summary>Where the hosted pages are: absolute URLs a reader of the pull request can open.</summary>
internal sealed record HostedLogs(string Index, string Console, IReadOnlyDictionary<string, string> Files);

/// <summary>
/// The hosting stage: the run's artifacts on the cloud's own Swift, as Zuul's upload-logs-swift
/// puts a build's logs there: one folder per run, an index.html listing every file with its size,
/// content types a browser shows (text gzip-encoded where that saves size), what the node wrote as
/// text or a download and never as a page (<see cref="HostedType"/>), a retention
/// (X-Delete-After), public read or temp URLs. Uploads go several at a time, each through the
/// cloud-call retry pipeline. A failure is a warning and the links fall back: it never changes the
/// job's result.
/// </summary>
internal sealed class HostStage(PipelineContext context, ILogger log)
{
    /// <summary>Uploads in flight at once (zuul-jobs uses a pool of threads the same way).</summary>
    private const int Parallel = 8;

    public async Task<HostedLogs?> RunAsync(SwiftHosting hosting, string prefix, string outDir,
        CancellationToken cancellationToken)
    {
        try
        {
            using var session = CloudConnection.Open(context, hosting.Cloud, hosting.Region, log);
            var swift = new SwiftClient(session);
            await swift
                .EnsureContainerAsync(hosting.Container, publicRead: hosting.TempUrlKey is null, cancellationToken)
                .ConfigureAwait(false);
            if (hosting.TempUrlKey is { } key)
                await swift.SetTempUrlKeyAsync(hosting.Container, key, cancellationToken).ConfigureAwait(false);
            var account = await swift.AccountUrlAsync(cancellationToken).ConfigureAwait(false);
            var files = Files(outDir);
            var expires = context.Time.GetUtcNow() + hosting.Retention;
            string Url(string name)
            {
                var url = SwiftClient.ObjectUrl(account, hosting.Container, prefix + name);
                return hosting.TempUrlKey is { } k ? SwiftClient.TempUrl(url, k, expires) : url;
            }
            var urls = files.ToDictionary(f => f.Name, f => Url(f.Name), StringComparer.Ordinal);
            var index = Path.Combine(outDir, ArtifactFiles.Index);
            await File.WriteAllTextAsync(index, IndexPage(prefix, files, urls), cancellationToken)
                .ConfigureAwait(false);
            files.Add((index, ArtifactFiles.Index, new FileInfo(index).Length));
            var started = context.Time.GetUtcNow();
            await System.Threading.Tasks.Parallel.ForEachAsync(files,
                new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken },
                async (file, token) =>
                    await UploadAsync(swift, hosting, prefix, file.Path, file.Name, token).ConfigureAwait(false))
                .ConfigureAwait(false);
            var hosted = new HostedLogs(Url(ArtifactFiles.Index), Url(ArtifactFiles.Console), urls);
            log.Information("hosted {Files} files ({MiB:0.0} MiB) on Swift in {Seconds:0.0} s: {Index}", files.Count,
                files.Sum(f => f.Size) / 1048576.0, (context.Time.GetUtcNow() - started).TotalSeconds,
                hosting.TempUrlKey is null ? hosted.Index : SwiftClient.ObjectUrl(account, hosting.Container, prefix));
            return hosted;
        }
        catch (Exception e) when (e is TraasException or IOException or HttpRequestException)
        {
            // The job's result stands; the links go to the workflow run instead.
            log.Warning(
                "could not host the logs on Swift ({Container}): {Message}; links go to the workflow run instead",
                hosting.Container, e.Message);
            await context.Runner.WarningAsync($"could not host the logs on Swift: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private async Task UploadAsync(SwiftClient swift, SwiftHosting hosting, string prefix, string path, string name,
        CancellationToken token)
    {
        var type = HostedType.Of(name, path);
        if (!type.Compress)
        {
            await swift.PutAsync(hosting.Container, prefix + name, path, type.ContentType, type.ContentEncoding,
                hosting.Retention, token).ConfigureAwait(false);
            return;
        }
        // Text goes gzip-encoded: a browser decodes it, and logs shrink several times over.
        var compressed = Path.GetTempFileName();
        try
        {
            await using (var input = File.OpenRead(path))
            await using (var output = new GZipStream(File.Create(compressed), CompressionLevel.Fastest))
                await input.CopyToAsync(output, token).ConfigureAwait(false);
            await swift.PutAsync(hosting.Container, prefix + name, compressed, type.ContentType, "gzip",
                hosting.Retention, token).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(compressed);
        }
        log.Debug("uploaded {Name}", name);
    }

    /// <summary>
    /// Whether a run file is not a log of the job: a state (the run's, and each retried attempt's in attempts/N/)
    /// names the undercloud's address and user and this runner's key and known-hosts paths, and a public container
    /// is read by anyone. action.yml leaves both out of the artifact; here the name is enough at any depth, so
    /// that no state is hosted wherever a later change puts one.
    /// </summary>
    internal static bool IsPrivate(string name) => name.Split('/')[^1] == ArtifactFiles.RunState;

    /// <summary>The run's files to host: everything the run left in its folder but its states.</summary>
    internal static List<(string Path, string Name, long Size)> Files(string outDir) =>
        Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Name: Path.GetRelativePath(outDir, path).Replace('\\', '/')))
            .Where(f => !IsPrivate(f.Name) && f.Name != ArtifactFiles.Index
                && !f.Name.EndsWith(".partial", StringComparison.Ordinal) && !f.Name.StartsWith('.'))
            .Select(f => (f.Path, f.Name, new FileInfo(f.Path).Length))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The run's index: every file with its size, names escaped (a name is the node's choice).</summary>
    private static string IndexPage(string prefix, IReadOnlyList<(string Path, string Name, long Size)> files,
        IReadOnlyDictionary<string, string> urls)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(prefix))
            .Append("</title><style>body{font-family:sans-serif}td{padding:0 1em}")
            .Append("td.size{text-align:right;font-family:monospace}</style></head><body>\n<h1>")
            .Append(WebUtility.HtmlEncode(prefix)).Append("</h1>\n<table><tr><th>file</th><th>size</th></tr>\n");
        foreach (var file in files)
        {
            html.Append("<tr><td><a href=\"").Append(WebUtility.HtmlEncode(urls[file.Name])).Append("\">")
                .Append(WebUtility.HtmlEncode(file.Name)).Append("</a></td><td class=\"size\">")
                .Append(file.Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
                .Append("</td></tr>\n");
        }
        return html.Append("</table>\n</body></html>\n").ToString();
    }
}
