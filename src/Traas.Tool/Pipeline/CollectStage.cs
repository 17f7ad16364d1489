using Serilog;
using Traas.Reporting.Input;
using Traas.Tool.Model;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>
/// What collecting brought back, and the error that stopped it or the limit that cut it short
/// (either is a POST_FAILURE when the job passed), if any.
/// </summary>
internal sealed record CollectResult(int Files, long Bytes, string? Error)
{
    public bool Failed => Error is not null;
}

/// <summary>
/// The collect stage: fetches traas.log and the files matching the collect globs over SFTP into the
/// output folder, within its own time budget. A glob relative to nothing (workspace/logs/**) is
/// taken from traas.log's folder, ~/ from the user's home; * and ? match within a name, ** any
/// depth. Files land under logs/, by their path below the glob's fixed part. A failure here is a
/// POST_FAILURE, never a job failure: it is returned, not thrown (cancelling still throws). Only
/// regular files are read, and within <see cref="CollectLimits"/>: reaching a limit stops collecting
/// (a file over the per-file limit is left out and collecting goes on), with a warning naming it.
/// </summary>
internal sealed class CollectStage(UndercloudSession session, ILogger log, TimeSpan connectTimeout,
    CollectLimits limits)
{
    public const string DefaultGlob = "workspace/logs/**";

    /// <param name="workingLog">Where traas.log comes back to (the run's byte-exact working copy).</param>
    /// <param name="redactor">
    /// Masks secrets in the text files that come back (compressed and binary ones are kept as they are).
    /// </param>
    public async Task<CollectResult> RunAsync(IReadOnlyList<string> globs, string outDir, string workingLog,
        Redactor redactor, TimeSpan budget, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(budget);
        var files = 0;
        long bytes = 0;
        string? cut = null;
        try
        {
            await session.ConnectAsync(budget < connectTimeout ? budget : connectTimeout, limit.Token)
                .ConfigureAwait(false);
            var target = session.Target;
            bytes += await FetchAsync(target.LogPath, workingLog, limits.MaxTotalBytes, limit.Token)
                .ConfigureAwait(false) ?? throw new TraasException(ExitCodes.PostFailure,
                    $"{target.LogPath} is over the total size limit of {Mib(limits.MaxTotalBytes)}");
            files++;
            var home = session.WorkingDirectory;
            var logFolder = RemoteDirectory(target.LogPath);
            foreach (var glob in globs)
            {
                var (root, pattern) = RemoteGlob.Split(RemoteGlob.Resolve(glob, home, logFolder));
                var matched = 0;
                var walk = session.WalkAsync(root, new WalkLimits(limits.MaxFiles - files, limits.MaxDepth),
                    (reached, where) => cut ??= reached switch
                    {
                        WalkLimit.Files => $"the file count limit of {limits.MaxFiles} (at {where})",
                        WalkLimit.Depth => $"the folder depth limit of {limits.MaxDepth} (at {where})",
                    }, limit.Token);
                await foreach (var (file, relative) in walk.ConfigureAwait(false))
                {
                    if (!pattern.IsMatch(relative))
                        continue;
                    var room = Math.Min(limits.MaxFileBytes, limits.MaxTotalBytes - bytes);
                    var local = Path.Combine(outDir, ArtifactFiles.LogsFolder, relative);
                    if (await FetchAsync(file.FullName, local, room, limit.Token).ConfigureAwait(false) is not { } size)
                    {
                        if (room < limits.MaxFileBytes)
                        {
                            cut ??= $"the total size limit of {Mib(limits.MaxTotalBytes)} (at {relative})";
                            break;
                        }
                        cut ??= $"the file size limit of {Mib(limits.MaxFileBytes)} ({relative} was left out)";
                        log.Warning("{File} is over the file size limit of {Limit}: left out",
                            relative, Mib(limits.MaxFileBytes));
                        continue;
                    }
                    if (RedactedCopy.IsText(local))
                        await RedactedCopy.CopyAsync(local, local, redactor, limit.Token).ConfigureAwait(false);
                    bytes += size;
                    files++;
                    matched++;
                }
                log.Information("collected {Count} files for {Glob}", matched, glob);
                if (cut is not null && !cut.StartsWith("the file size", StringComparison.Ordinal))
                    break;
            }
            log.Information("collected {Files} files ({MiB:0.0} MiB) into {Folder}",
                files, bytes / 1048576.0, Path.GetFullPath(outDir));
            return cut is null ? new CollectResult(files, bytes, null)
                : Failed($"collecting stopped at {cut}; raise it with the collect limit options if the job needs more",
                    files, bytes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"collecting took longer than its budget of {budget.TotalMinutes:0.#} minutes", files, bytes);
        }
        catch (Exception e) when (e is not OperationCanceledException && (UndercloudSession.IsSshFailure(e)
            || e is TraasException or RemoteFileException or IOException or UnauthorizedAccessException))
        {
            return Failed(e.Message, files, bytes);
        }
    }

    /// <summary>
    /// Downloads to a temporary name and moves it into place, so a cut-off copy never looks whole.
    /// Null (and nothing kept) when the file is longer than <paramref name="maxBytes"/>.
    /// </summary>
    private async Task<long?> FetchAsync(string remote, string local, long maxBytes,
        CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(local);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        try
        {
            long? size;
            var stream = new FileStream(partial, FileMode.Create, FileAccess.Write);
            await using (stream.ConfigureAwait(false))
                size = await session.CopyAsync(remote, stream, maxBytes, cancellationToken).ConfigureAwait(false);
            if (size is null)
                return null;
            File.Move(partial, target, overwrite: true);
            log.Debug("collected {Remote} ({Bytes} bytes)", remote, size);
            return size;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:0.#} MiB";

    private static string RemoteDirectory(string path) =>
        path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "/";

    private CollectResult Failed(string reason, int files, long bytes)
    {
        log.Error("POST_FAILURE: collecting the logs failed after {Files} files: {Reason}", files, reason);
        return new CollectResult(files, bytes, reason);
    }
}
