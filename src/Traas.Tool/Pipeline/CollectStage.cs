using Serilog;
using Traas.Tool.Model;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>What collecting brought back, and the error that stopped it (POST_FAILURE), if any.</summary>
internal sealed record CollectResult(int Files, long Bytes, string? Error)
{
    public bool Failed => Error is not null;
}

/// <summary>
/// The collect stage: fetches traas.log and the files matching the collect globs over SFTP into the
/// output folder, within its own time budget. A glob relative to nothing (workspace/logs/**) is
/// taken from traas.log's folder, ~/ from the user's home; * and ? match within a name, ** any
/// depth. Files land under logs/, by their path below the glob's fixed part. A failure here is a
/// POST_FAILURE, never a job failure: it is returned, not thrown (cancelling still throws).
/// </summary>
internal sealed class CollectStage(UndercloudSession session, ILogger log, TimeSpan connectTimeout)
{
    public const string DefaultGlob = "workspace/logs/**";

    public async Task<CollectResult> RunAsync(IReadOnlyList<string> globs, string outDir, TimeSpan budget,
        CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(budget);
        var files = 0;
        long bytes = 0;
        try
        {
            await session.ConnectAsync(budget < connectTimeout ? budget : connectTimeout, limit.Token)
                .ConfigureAwait(false);
            var target = session.Target;
            bytes += await FetchAsync(target.LogPath, Path.Combine(outDir, ArtifactFiles.Log), limit.Token)
                .ConfigureAwait(false);
            files++;
            var home = session.WorkingDirectory;
            var logFolder = RemoteDirectory(target.LogPath);
            foreach (var glob in globs)
            {
                var (root, pattern) = RemoteGlob.Split(RemoteGlob.Resolve(glob, home, logFolder));
                var matched = 0;
                await foreach (var (file, relative) in session.WalkAsync(root, limit.Token).ConfigureAwait(false))
                {
                    if (!pattern.IsMatch(relative))
                        continue;
                    bytes += await FetchAsync(file.FullName, Path.Combine(outDir, ArtifactFiles.LogsFolder, relative),
                        limit.Token).ConfigureAwait(false);
                    files++;
                    matched++;
                }
                log.Information("collected {Count} files for {Glob}", matched, glob);
            }
            log.Information("collected {Files} files ({MiB:0.0} MiB) into {Folder}",
                files, bytes / 1048576.0, Path.GetFullPath(outDir));
            return new CollectResult(files, bytes, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"collecting took longer than its budget of {budget.TotalMinutes:0.#} minutes", files, bytes);
        }
        catch (Exception e) when (e is not OperationCanceledException
            && (UndercloudSession.IsSshFailure(e) || e is TraasException or IOException or UnauthorizedAccessException))
        {
            return Failed(e.Message, files, bytes);
        }
    }

    /// <summary>Downloads to a temporary name and moves it into place, so a cut-off copy never looks whole.</summary>
    private async Task<long> FetchAsync(string remote, string local, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(local))!);
        var partial = local + ".partial";
        try
        {
            long size;
            var stream = new FileStream(partial, FileMode.Create, FileAccess.Write);
            await using (stream.ConfigureAwait(false))
            {
                await session.DownloadAsync(remote, stream, cancellationToken).ConfigureAwait(false);
                size = stream.Length;
            }
            File.Move(partial, local, overwrite: true);
            log.Debug("collected {Remote} ({Bytes} bytes)", remote, size);
            return size;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static string RemoteDirectory(string path) =>
        path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "/";

    private CollectResult Failed(string reason, int files, long bytes)
    {
        log.Error("POST_FAILURE: collecting the logs failed after {Files} files: {Reason}", files, reason);
        return new CollectResult(files, bytes, reason);
    }
}
