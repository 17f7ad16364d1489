using System.Threading.Channels;
using Renci.SshNet.Common;
using Traas.Reporting.Input;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>Bringing the chosen files back: streamed where the node can, the rest over SFTP.</summary>
internal sealed partial class CollectStage
{
    private const int StreamBuffer = 256 * 1024;

    /// <summary>
    /// Files of the first streams, short ones that start while a slow walk goes on; each next: twice. Files the
    /// walk gives at once (all of them, from one listing) are shared out over the free lanes.
    /// </summary>
    private const int FirstBatch = 64;

    /// <summary>What a file costs a stream besides its bytes (a header, a file made here), for sharing out.</summary>
    private const long FileCost = 8 * 1024;

    /// <returns>How many of the files <paramref name="chosen"/> came back.</returns>
    /// <param name="opening">A stream a lane, started ahead (<see cref="UndercloudSession.OpenStreamsAsync"/>): the
    /// first files of each lane go there, and one that gets none is ended empty.</param>
    private async Task<int> FetchAllAsync(string root, ChannelReader<List<(string Remote, RemoteTarFile File)>> chosen,
        Task<RemoteTarStream?[]> opening, string logs, Redactor masking, CancellationToken cancellationToken)
    {
        var rest = new List<(string Remote, RemoteTarFile File)>();
        var pending = new List<(string Remote, RemoteTarFile File)>();
        // The streams under way, one a lane: a next batch waits for a free one.
        var lanes = new Task<(int Matched, List<(string Remote, RemoteTarFile File)> Left)>?[UndercloudSession.Lanes];
        var wanted = FirstBatch;
        var matched = 0;
        try
        {
            while (await chosen.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (chosen.TryRead(out var part))
                {
                    foreach (var item in part)
                        (RemoteTarStream.Streamable(item.File.Relative) ? pending : rest).Add(item);
                }
                // Nothing more chosen yet: enough files go now, while the walk goes on.
                if (pending.Count >= wanted)
                {
                    await LaunchAsync().ConfigureAwait(false);
                    wanted *= 2;
                }
            }
            if (pending.Count > 0)
                await LaunchAsync().ConfigureAwait(false);
        }
        finally
        {
            // Each stream is waited for (a cancel ends it), and the unused ones ended, before a lane's failure is
            // thrown: none is left writing when collecting ends.
            var running = lanes.OfType<Task<(int, List<(string, RemoteTarFile)>)>>().ToList();
            var all = Task.WhenAll(running);
            try
            {
                await all.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Thrown again below, once the rest is ended.
            }
            foreach (var lane in running.Where(l => l.IsCompletedSuccessfully))
                Take(lane.Result);
            await EndUnusedAsync(opening).ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }
        return matched + await FetchEachAsync(rest, logs, masking, cancellationToken).ConfigureAwait(false);

        // The pending files, shared out over the lanes free now (one at least: the first to end).
        async Task LaunchAsync()
        {
            for (var i = 0; i < lanes.Length; i++)
            {
                if (lanes[i] is { IsCompleted: true } ended)
                {
                    lanes[i] = null;
                    Take(await ended.ConfigureAwait(false));
                }
            }
            if (Array.IndexOf(lanes, null) < 0)
            {
                var finished = await Task.WhenAny(lanes!).ConfigureAwait(false);
                lanes[Array.IndexOf(lanes, finished)] = null;
                Take(await finished.ConfigureAwait(false));
            }
            var free = Enumerable.Range(0, lanes.Length).Where(i => lanes[i] is null).ToList();
            var shares = Share(pending, free.Count);
            pending = [];
            for (var i = 0; i < shares.Count; i++)
            {
                if (i >= free.Count)
                {
                    var finished = await Task.WhenAny(lanes!).ConfigureAwait(false);
                    free.Add(Array.IndexOf(lanes, finished));
                    lanes[free[i]] = null;
                    Take(await finished.ConfigureAwait(false));
                }
                var opened = await opening.ConfigureAwait(false);
                var ahead = opened[free[i]];
                opened[free[i]] = null;
                lanes[free[i]] = StreamAsync(root, shares[i], free[i], ahead, logs, masking, cancellationToken);
            }
        }

        void Take((int Matched, List<(string Remote, RemoteTarFile File)> Left) result)
        {
            matched += result.Matched;
            rest.AddRange(result.Left);
        }
    }

    /// <summary>
    /// <paramref name="files"/> in <paramref name="count"/> streams of about the same cost (more when their names
    /// would not fit in one stream's input): the largest files shared out first, each to the stream that costs
    /// least so far and has room for its name; each stream's files in the walk's order.
    /// </summary>
    internal static List<List<(string Remote, RemoteTarFile File)>> Share(
        List<(string Remote, RemoteTarFile File)> files, int count)
    {
        var shares = Enumerable.Range(0, count).Select(_ => (Cost: 0L, Names: 0L, Files: new List<int>())).ToList();
        foreach (var index in Enumerable.Range(0, files.Count).OrderByDescending(i => files[i].File.Size))
        {
            var name = RemoteTarStream.NameBytes(files[index].File.Relative);
            var least = -1;
            for (var i = 0; i < shares.Count; i++)
            {
                if (shares[i].Names + name <= RemoteTarStream.MaxNamesBytes
                    && (least < 0 || shares[i].Cost < shares[least].Cost))
                    least = i;
            }
            if (least < 0)
            {
                least = shares.Count;
                shares.Add((0, 0, []));
            }
            var (cost, names, chosen) = shares[least];
            chosen.Add(index);
            shares[least] = (cost + files[index].File.Size + FileCost, names + name, chosen);
        }
        return [.. shares.Where(s => s.Files.Count > 0).Select(s => s.Files.Order().Select(i => files[i]).ToList())];
    }

    /// <summary>Fetches <paramref name="files"/> over SFTP, one by one, within the limits.</summary>
    private async Task<int> FetchEachAsync(List<(string Remote, RemoteTarFile File)> files, string logs,
        Redactor masking, CancellationToken cancellationToken)
    {
        var matched = 0;
        foreach (var (remote, file) in files)
        {
            var room = Math.Min(limits.MaxFileBytes, limits.MaxTotalBytes - progress.Bytes);
            var local = Path.Combine(logs, file.Kept);
            long? size;
            try
            {
                size = await FetchAsync(remote, local, room, masking, cancellationToken).ConfigureAwait(false);
            }
            catch (UnmaskableFileException e)
            {
                NotMasked(file.Relative, e.Message);
                continue;
            }
            catch (RemoteFileException e)
            {
                // As a stream's file that is no regular file now: left out, never read.
                log.Warning("{File} is left out: {Reason}", LocalName.Shown(file.Relative), e.Message);
                continue;
            }
            catch (Exception e) when (Unfetched(e) is { } why)
            {
                LeftOut(file.Relative, why);
                continue;
            }
            if (size is not null)
            {
                progress.Add(size.Value);
                matched++;
            }
            else if (room < limits.MaxFileBytes)
            {
                cut ??= $"the total size limit of {Mib(limits.MaxTotalBytes)} (at {file.Relative})";
                break;
            }
            else
                LeftOut(file.Relative);
        }
        return matched;
    }

    /// <summary>
    /// Streams <paramref name="batch"/> on <paramref name="lane"/>, in the stream started <paramref name="ahead"/>
    /// if there is one; returns what it did not give.
    /// </summary>
    private async Task<(int Matched, List<(string Remote, RemoteTarFile File)> Left)> StreamAsync(string root,
        List<(string Remote, RemoteTarFile File)> batch, int lane, RemoteTarStream? ahead, string logs,
        Redactor masking, CancellationToken cancellationToken)
    {
        var files = batch.Select(b => b.File).ToList();
        var stream = ahead is not null ? Give(ahead, root, files)
            : await StartStreamAsync(root, files, lane, cancellationToken).ConfigureAwait(false);
        var done = new bool[batch.Count];
        var matched = stream is null ? 0
            // Not cancelled before it runs: Drain owns the stream, and a cancel ends the stream itself. A thread of
            // its own, as each read waits on SSH.NET's receive thread: pool threads held that long start the other
            // lane's work late (on two cores the pool adds a thread about every half second).
            : await Task.Factory.StartNew(() => Drain(stream, root, files, logs, masking, done, cancellationToken),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        return (matched, [.. batch.Where((_, i) => !done[i])]);
    }

    /// <summary>
    /// The stream started ahead, given <paramref name="files"/>; null (and nothing streamed) if it had ended.
    /// </summary>
    private RemoteTarStream? Give(RemoteTarStream stream, string root, List<RemoteTarFile> files)
    {
        try
        {
            stream.Give(files);
            return stream;
        }
        catch (RemoteStreamException e)
        {
            stream.Dispose();
            return NotStreamed(root, e);
        }
    }

    /// <summary>
    /// Ends the streams started ahead that got no files: each is given none and read to its end, so that its
    /// command closes its channel itself (a cancel could name a channel the node is closing; see
    /// <see cref="RemoteCommand.Finish"/>).
    /// </summary>
    private static async Task EndUnusedAsync(Task<RemoteTarStream?[]> opening)
    {
        RemoteTarStream?[] opened;
        try
        {
            opened = await opening.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var unused = opened.OfType<RemoteTarStream>().ToList();
        if (unused.Count == 0)
            return;
        await Task.Factory.StartNew(() =>
        {
            foreach (var stream in unused)
            {
                using (stream)
                {
                    try
                    {
                        stream.Give([]);
                        while (stream.Next() is not null)
                        {
                        }
                    }
                    catch (RemoteStreamException)
                    {
                        // It had ended: nothing was asked of it.
                    }
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    private async Task<RemoteTarStream?> StartStreamAsync(string root, List<RemoteTarFile> files, int lane,
        CancellationToken cancellationToken)
    {
        try
        {
            return await session.StreamAsync(root, files, lane, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteStreamException e)
        {
            return NotStreamed(root, e);
        }
    }

    /// <summary>A stream that could not start or take its files: it and the next ones go over SFTP.</summary>
    private RemoteTarStream? NotStreamed(string root, RemoteStreamException e)
    {
        log.Warning("streaming the files of {Folder}: {Reason}; they come over SFTP", root, e.Message);
        session.StopStreaming();
        return null;
    }

    /// <summary>
    /// Writes what the stream gives into place; files it passes over stay not <paramref name="done"/>. A stream
    /// that gives nothing at all means a node that cannot stream: the next ones go over SFTP at once.
    /// </summary>
    private int Drain(RemoteTarStream stream, string root, List<RemoteTarFile> files, string logs,
        Redactor masking, bool[] done, CancellationToken cancellationToken)
    {
        using var owned = stream;
        var buffer = new byte[StreamBuffer];
        var matched = 0;
        var any = false;
        try
        {
            while (stream.Next() is { } entry)
            {
                any = true;
                var file = files[entry.Index];
                if (entry.Kind == RemoteTarEntryKind.Refused)
                {
                    log.Warning("{File} is a {Type} now, not a regular file: left out", LocalName.Shown(file.Relative),
                        entry.Type);
                    done[entry.Index] = true;
                }
                if (entry.Kind != RemoteTarEntryKind.Data)
                    continue;
                try
                {
                    // Done only once kept, left out or refused: a stream that breaks inside the file leaves it
                    // to SFTP.
                    Keep(stream, buffer, Path.Combine(logs, file.Kept), masking, cancellationToken);
                    done[entry.Index] = true;
                }
                catch (UnmaskableFileException e)
                {
                    done[entry.Index] = true;
                    NotMasked(file.Relative, e.Message);
                    continue;
                }
                // Not a stream that ends inside its file (EndOfStreamException): that is the stream's, whose
                // files then come over SFTP.
                catch (IOException e) when (e is not EndOfStreamException && Unfetched(e) is { } why)
                {
                    // The rest of its bytes pass by: the stream goes on with the next file.
                    while (stream.Read(buffer) > 0)
                    {
                    }
                    done[entry.Index] = true;
                    LeftOut(file.Relative, why);
                    continue;
                }
                progress.Add(file.Size);
                matched++;
            }
        }
        catch (RemoteStreamException e)
        {
            log.Warning("streaming files from {Folder} stopped: {Reason}; the rest come over SFTP", root, e.Message);
        }
        if (!any)
            session.StopStreaming();
        return matched;
    }

    /// <summary>The stream's current file into place at <paramref name="local"/>.</summary>
    private void Keep(RemoteTarStream stream, byte[] buffer, string local, Redactor masking,
        CancellationToken cancellationToken)
    {
        using var collected = new CollectedFile(local, masking, limits.MaxFileBytes);
        int read;
        while ((read = stream.Read(buffer)) > 0)
            collected.Write(buffer, 0, read);
        collected.Commit(cancellationToken);
    }

    /// <summary>ENOSPC and EDQUOT, which .NET gives as an IOException's HResult on Linux.</summary>
    private const int NoSpace = 28, NoQuota = 122;

    /// <summary>
    /// Why one file could not be fetched or kept, when that is the file's doing and the rest can come: it went
    /// away or cannot be read on the node, or it cannot be written here (a file where its folder goes, a path
    /// too long). Null for the rest, which stop collecting: a full disk would fail every file the same way.
    /// </summary>
    internal static string? Unfetched(Exception e) => e switch
    {
        SftpPathNotFoundException => "it is gone from the node",
        SftpPermissionDeniedException => "it cannot be read (permission denied)",
        IOException { HResult: NoSpace or NoQuota } => null,
        IOException io => $"it cannot be written here ({io.Message})",
        _ => null,
    };

    /// <summary>
    /// Copies one file over SFTP into place, masked unless <paramref name="masking"/> is null (kept byte for byte).
    /// Null (and nothing kept) when the file is longer than <paramref name="maxBytes"/>.
    /// </summary>
    private async Task<long?> FetchAsync(string remote, string local, long maxBytes, Redactor? masking,
        CancellationToken cancellationToken)
    {
        using var collected = new CollectedFile(Path.GetFullPath(local), masking, limits.MaxFileBytes);
        var size = await session.CopyAsync(remote, collected, maxBytes, cancellationToken).ConfigureAwait(false);
        if (size is null)
            return null;
        collected.Commit(cancellationToken);
        log.Debug("collected {Remote} ({Bytes} bytes)", remote, size);
        return size;
    }
}
