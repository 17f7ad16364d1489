using System.Threading.Channels;
using Renci.SshNet.Common;
using Traas.Reporting.Input;
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
/// The collect stage: fetches traas.log and the files matching the collect globs into the output folder,
/// within its own time budget. A glob relative to nothing (workspace/logs/**) is taken from traas.log's
/// folder, ~/ from the user's home; * and ? match within a name, ** any depth. Files land under logs/, by
/// their path below the glob's fixed part. The walk chooses the files (from one `find` where the node can, else
/// over SFTP); their bytes come in tar streams, <see cref="UndercloudSession.Lanes"/> at a time on connections of
/// their own (<see cref="RemoteTarStream"/>, each held to that choice), or over SFTP where the node cannot stream.
/// A failure here is a POST_FAILURE, never a job failure: it is returned, not thrown (cancelling still throws).
/// Only regular files are read, and within <see cref="CollectLimits"/>: reaching a limit stops collecting (a file
/// over the per-file limit is left out and collecting goes on), with a warning naming it.
/// </summary>
internal sealed partial class CollectStage(UndercloudSession session, ILogger log, TimeSpan connectTimeout,
    CollectLimits limits)
{
    public const string DefaultGlob = "workspace/logs/**";

    private CollectProgress progress = null!;

    /// <summary>The limit that ended collecting, if one did.</summary>
    private string? cut;

    /// <summary>The first file left out while collecting went on, and why (over its limit, or not maskable).</summary>
    private string? leftOut;

    /// <param name="workingLog">Where traas.log comes back to (the run's byte-exact working copy).</param>
    /// <param name="redactor">
    /// Masks secrets in the text files that come back (compressed and binary ones are kept as they are).
    /// </param>
    public async Task<CollectResult> RunAsync(IReadOnlyList<string> globs, string outDir, string workingLog,
        Redactor redactor, TimeSpan budget, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(budget);
        using var counted = progress = new CollectProgress(log);
        Task? streaming = null;
        try
        {
            RemoveLeftovers(Path.Combine(outDir, ArtifactFiles.LogsFolder), workingLog);
            await session.ConnectAsync(budget < connectTimeout ? budget : connectTimeout, limit.Token)
                .ConfigureAwait(false);
            // The streams' own connections are made while traas.log comes over SFTP.
            streaming = session.PrepareStreamingAsync(limit.Token);
            var target = session.Target;
            progress.Add(await FetchLogAsync(target.LogPath, workingLog, limit.Token).ConfigureAwait(false));
            var home = session.WorkingDirectory;
            var logFolder = RemoteDirectory(target.LogPath);
            var masking = redactor.ForLatin1();
            foreach (var glob in globs)
            {
                var (root, pattern) = RemoteGlob.Split(RemoteGlob.Resolve(glob, home, logFolder));
                var matched = await CollectAsync(root, pattern, Path.Combine(outDir, ArtifactFiles.LogsFolder),
                    masking, limit.Token).ConfigureAwait(false);
                log.Information("collected {Count} files for {Glob}", matched, glob);
                if (cut is not null)
                    break;
            }
            progress.Dispose();
            log.Information("collected {Files} files ({MiB:0.0} MiB) into {Folder}",
                progress.Files, progress.Bytes / 1048576.0, Path.GetFullPath(outDir));
            return (cut, leftOut) switch
            {
                (null, null) => new CollectResult(progress.Files, progress.Bytes, null),
                (null, { } file) => Failed($"collecting left out {file}"),
                _ => Failed(
                    $"collecting stopped at {cut}; raise it with the collect limit options if the job needs more"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"collecting took longer than its budget of {Plural.Minutes(budget.TotalMinutes)}");
        }
        catch (Exception e) when (e is not OperationCanceledException && (UndercloudSession.IsSshFailure(e)
            || e is TraasException or RemoteFileException or IOException or UnauthorizedAccessException))
        {
            return Failed(e.Message);
        }
        finally
        {
            await Quietly(streaming).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Walks one glob's folder and fetches what it chooses at the same time (the walk on the SFTP session, the
    /// streams on their own connection).
    /// </summary>
    /// <returns>How many files came back.</returns>
    private async Task<int> CollectAsync(string root, Regex pattern, string logs, Redactor masking,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chosen = Channel.CreateUnbounded<List<(string Remote, RemoteTarFile File)>>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        // The streams start on the node while the walk chooses their files.
        var opening = Task.Run(() => session.OpenStreamsAsync(root, cancellationToken), cancellationToken);
        var walking = ChooseAsync(root, pattern, logs, chosen.Writer, stop.Token);
        try
        {
            return await FetchAllAsync(root, chosen.Reader, opening, logs, masking, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await walking.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The files below <paramref name="root"/> that match, as the walk lists them, within the limits: a
    /// file that says it is over the per-file limit is left out here, and the list ends where the sizes
    /// reach the total limit (the bytes that come are counted again, whatever the node said). They go in
    /// parts, each what the walk gave without waiting: the whole tree from one listing, a folder or a few from
    /// SFTP. A failure of the walk is the reader's to meet, at the end of the list.
    /// </summary>
    private async Task ChooseAsync(string root, Regex pattern, string logs,
        ChannelWriter<List<(string, RemoteTarFile)>> chosen, CancellationToken cancellationToken)
    {
        try
        {
            await WalkAsync(root, pattern, logs, chosen, cancellationToken).ConfigureAwait(false);
            chosen.TryComplete();
        }
        catch (Exception e)
        {
            chosen.TryComplete(e);
        }
    }

    private async Task WalkAsync(string root, Regex pattern, string logs,
        ChannelWriter<List<(string, RemoteTarFile)>> chosen, CancellationToken cancellationToken)
    {
        var room = limits.MaxTotalBytes - progress.Bytes;
        var keptBytes = LocalName.MaxPathBytes - Encoding.UTF8.GetByteCount(Path.GetFullPath(logs));
        var walk = session.WalkAsync(root,
            new WalkLimits(limits.MaxFiles - progress.Files, limits.MaxDepth, keptBytes),
            (reached, where) => cut ??= reached switch
            {
                WalkLimit.Files => $"the file count limit of {limits.MaxFiles} (at {where})",
                WalkLimit.Depth => $"the folder depth limit of {limits.MaxDepth} (at {where})",
            },
            // A folder may hold files the glob wants: it is said, whatever the glob.
            (relative, why) =>
            {
                if (relative.EndsWith('/') || pattern.IsMatch(relative))
                    LeftOut(relative, why);
            }, cancellationToken);
        var part = new List<(string, RemoteTarFile)>();
        await using var files = walk.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            var next = files.MoveNextAsync();
            // The walk waits for the node: what it gave so far goes now.
            if (!next.IsCompleted && part.Count > 0)
            {
                await chosen.WriteAsync(part, cancellationToken).ConfigureAwait(false);
                part = [];
            }
            if (!await next.ConfigureAwait(false))
                break;
            var (file, relative, kept) = files.Current;
            if (!pattern.IsMatch(relative))
                continue;
            if (CollectedFile.IsTemporaryName(Path.GetFileName(relative)))
            {
                log.Warning("{File} is left out: names that start with {Prefix} are collect's own, for the files it is "
                    + "writing", LocalName.Shown(relative), CollectedFile.TemporaryPrefix);
                continue;
            }
            if (file.Length > limits.MaxFileBytes)
            {
                LeftOut(relative);
                continue;
            }
            if (file.Length > room)
            {
                cut ??= $"the total size limit of {Mib(limits.MaxTotalBytes)} (at {relative})";
                break;
            }
            if (kept != relative)
            {
                log.Warning("{File} is kept as {Kept}: actions/upload-artifact refuses a path that holds any of "
                    + "\" : < > | * ?, a CR or an LF", LocalName.Shown(relative), LocalName.Shown(kept));
            }
            room -= file.Length;
            part.Add((file.FullName, new RemoteTarFile(relative, file.Length) { Kept = kept }));
        }
        if (part.Count > 0)
            await chosen.WriteAsync(part, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// traas.log once more, whole: the wait read it as it grew, and this copy is its last word. When the node no
    /// longer gives it (gone, turned into a folder or a FIFO, unreadable), the copy the wait read is kept as it is
    /// and the rest is still collected: one missing file is no reason to lose the job's other logs.
    /// </summary>
    /// <returns>The bytes that came back.</returns>
    private async Task<long> FetchLogAsync(string remote, string workingLog, CancellationToken cancellationToken)
    {
        string why;
        try
        {
            return await FetchAsync(remote, workingLog, limits.MaxTotalBytes, null, cancellationToken)
                .ConfigureAwait(false) ?? throw new TraasException(ExitCodes.PostFailure,
                    $"{remote} is over the total size limit of {Mib(limits.MaxTotalBytes)}");
        }
        // The node's doing only: a working copy that cannot be written here stops collecting.
        catch (Exception e) when (e is SftpPathNotFoundException or SftpPermissionDeniedException)
        {
            why = Unfetched(e)!;
        }
        catch (RemoteFileException e)
        {
            why = e.Problem;
        }
        var kept = File.Exists(workingLog) ? "the copy read while waiting is kept" : "no copy of it was read before";
        leftOut ??= $"{remote} ({why}; {kept})";
        log.Warning("{Log} could not be fetched again: {Reason}; {Kept}", remote, why, kept);
        return 0;
    }

    /// <summary>What a collect killed before this one left in logs/ and beside the working log.</summary>
    private void RemoveLeftovers(string logs, string workingLog)
    {
        var removed = CollectedFile.RemoveLeftovers(logs, recursive: true)
            + CollectedFile.RemoveLeftovers(Path.GetDirectoryName(Path.GetFullPath(workingLog))!, recursive: false);
        if (removed > 0)
            log.Information("removed {Count} cut-off copies a killed collect left behind", removed);
    }

    /// <summary>A file or folder that cannot be kept or fetched, and why: the rest is collected.</summary>
    private void LeftOut(string relative, string why)
    {
        leftOut ??= $"{LocalName.Shown(relative)} ({why})";
        log.Warning("{File} is left out: {Reason}", LocalName.Shown(relative), why);
    }

    private void LeftOut(string relative)
    {
        leftOut ??= $"{LocalName.Shown(relative)}, over the file size limit of {Mib(limits.MaxFileBytes)}; raise it "
            + "with --collect-max-file-mib if the job needs it";
        log.Warning("{File} is over the file size limit of {Limit}: left out", LocalName.Shown(relative),
            Mib(limits.MaxFileBytes));
    }

    /// <summary>A file whose text could not be masked (<see cref="MaskedGzip"/>): nothing of it is kept.</summary>
    private void NotMasked(string relative, string reason)
    {
        leftOut ??= $"{LocalName.Shown(relative)}, whose text could not be masked ({reason})";
        log.Warning("{File} is left out, as its text could not be masked: {Reason}", LocalName.Shown(relative), reason);
    }

    private static async Task Quietly(Task? task)
    {
        try
        {
            if (task is not null)
                await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The stream's connection was still being made when collecting ended.
        }
    }

    /// <summary>A limit as collect's messages give it.</summary>
    internal static string Mib(long bytes) => $"{bytes / 1048576.0:0.#} MiB";

    private static string RemoteDirectory(string path) =>
        path.LastIndexOf('/') is var slash and > 0 ? path[..slash] : "/";

    private CollectResult Failed(string reason)
    {
        log.Error("POST_FAILURE: collecting the logs failed after {Files} files: {Reason}", progress.Files, reason);
        return new CollectResult(progress.Files, progress.Bytes, reason);
    }
}
