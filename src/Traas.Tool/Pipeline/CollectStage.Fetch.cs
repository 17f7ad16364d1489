using System.Threading.Channels;
using Traas.Reporting.Input;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>Bringing the chosen files back: streamed where the node can, the rest over SFTP.</summary>
internal sealed partial class CollectStage
{
    private const int StreamBuffer = 256 * 1024;

    /// <summary>
    /// Files of the first stream, a short one that starts while a slow walk goes on; each next: twice. Files the
    /// walk has chosen already (all of them at once, from one listing) join the stream up to its command's length.
    /// </summary>
    private const int FirstBatch = 64;

    /// <summary>
    /// The most bytes one stream asks for (a single larger file goes alone). SSH.NET opens each channel with a
    /// window of 2 GiB, so the node's sshd reads all tar gives into its own memory at once, however slowly it is
    /// taken: a stream of 300 MB cost the node as much memory, and more CPU to fault it in and wipe it than the
    /// stream itself (three times rsync's on loopback). A stream of some MiB keeps the node's buffer small and
    /// reused.
    /// </summary>
    private const long MaxStreamBytes = 16 * 1024 * 1024;

    /// <returns>How many of the files <paramref name="chosen"/> came back.</returns>
    private async Task<int> FetchAllAsync(string root, ChannelReader<(string Remote, RemoteTarFile File)> chosen,
        string logs, Redactor masking, CancellationToken cancellationToken)
    {
        var rest = new List<(string Remote, RemoteTarFile File)>();
        var batch = new List<(string Remote, RemoteTarFile File)>();
        // The streams under way, one a lane: a next batch waits for a free one.
        var lanes = new Task<(int Matched, List<(string Remote, RemoteTarFile File)> Left)>?[UndercloudSession.Lanes];
        var empty = RemoteTarStream.CommandText(root, []).Length;
        // What one more name adds to a command: its quoted self and a space.
        var bare = RemoteTarStream.CommandText("", []).Length - 1;
        var length = empty;
        long bytes = 0;
        var wanted = FirstBatch;
        var matched = 0;
        try
        {
            while (await chosen.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (chosen.TryRead(out var item))
                {
                    if (!RemoteTarStream.Streamable(item.File.Relative))
                    {
                        rest.Add(item);
                        continue;
                    }
                    var more = RemoteTarStream.CommandText("", [item.File.Relative]).Length - bare;
                    if (batch.Count > 0 && (length + more > RemoteTarStream.MaxCommandLength
                        || bytes + item.File.Size > MaxStreamBytes))
                        await LaunchAsync().ConfigureAwait(false);
                    batch.Add(item);
                    length += more;
                    bytes += item.File.Size;
                }
                // Nothing more chosen yet: a batch large enough goes now, while the walk goes on.
                if (batch.Count >= wanted)
                    await LaunchAsync().ConfigureAwait(false);
            }
            if (batch.Count > 0)
                await LaunchAsync().ConfigureAwait(false);
        }
        finally
        {
            // Each stream is waited for (a cancel ends it): none is left writing when collecting ends.
            foreach (var lane in lanes)
            {
                if (lane is not null)
                    Take(await lane.ConfigureAwait(false));
            }
        }
        return matched + await FetchEachAsync(rest, logs, masking, cancellationToken).ConfigureAwait(false);

        async Task LaunchAsync()
        {
            var free = Array.IndexOf(lanes, null);
            if (free < 0)
            {
                var finished = await Task.WhenAny(lanes!).ConfigureAwait(false);
                free = Array.IndexOf(lanes, finished);
                lanes[free] = null;
                Take(await finished.ConfigureAwait(false));
            }
            lanes[free] = StreamAsync(root, batch, free, logs, masking, cancellationToken);
            (batch, length, bytes, wanted) = ([], empty, 0, wanted * 2);
        }

        void Take((int Matched, List<(string Remote, RemoteTarFile File)> Left) result)
        {
            matched += result.Matched;
            rest.AddRange(result.Left);
        }
    }

    /// <summary>Fetches <paramref name="files"/> over SFTP, one by one, within the limits.</summary>
    private async Task<int> FetchEachAsync(List<(string Remote, RemoteTarFile File)> files, string logs,
        Redactor masking, CancellationToken cancellationToken)
    {
        var matched = 0;
        foreach (var (remote, file) in files)
        {
            var room = Math.Min(limits.MaxFileBytes, limits.MaxTotalBytes - progress.Bytes);
            var local = Path.Combine(logs, file.Relative);
            if (await FetchAsync(remote, local, room, masking, cancellationToken).ConfigureAwait(false) is { } size)
            {
                progress.Add(size);
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

    /// <summary>Streams <paramref name="batch"/> on <paramref name="lane"/>; returns what it did not give.</summary>
    private async Task<(int Matched, List<(string Remote, RemoteTarFile File)> Left)> StreamAsync(string root,
        List<(string Remote, RemoteTarFile File)> batch, int lane, string logs, Redactor masking,
        CancellationToken cancellationToken)
    {
        var files = batch.Select(b => b.File).ToList();
        var stream = await StartStreamAsync(root, files, lane, cancellationToken).ConfigureAwait(false);
        var done = new bool[batch.Count];
        var matched = stream is null ? 0
            // Not cancelled before it runs: Drain owns the stream, and a cancel ends the stream itself. A thread of
            // its own, as each read waits on SSH.NET's receive thread: pool threads held that long start the other
            // lane's work late (on two cores the pool adds a thread about every half second).
            : await Task.Factory.StartNew(() => Drain(stream, root, files, logs, masking, done),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        return (matched, [.. batch.Where((_, i) => !done[i])]);
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
            log.Warning("streaming the files of {Folder}: {Reason}; they come over SFTP", root, e.Message);
            session.StopStreaming();
            return null;
        }
    }

    /// <summary>
    /// Writes what the stream gives into place; files it passes over stay not <paramref name="done"/>. A stream
    /// that gives nothing at all means a node that cannot stream: the next ones go over SFTP at once.
    /// </summary>
    private int Drain(RemoteTarStream stream, string root, List<RemoteTarFile> files, string logs,
        Redactor masking, bool[] done)
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
                    log.Warning("{File} is a {Type} now, not a regular file: left out", file.Relative, entry.Type);
                    done[entry.Index] = true;
                }
                if (entry.Kind != RemoteTarEntryKind.Data)
                    continue;
                using var collected = new CollectedFile(Partial(), Path.Combine(logs, file.Relative), masking);
                int read;
                while ((read = stream.Read(buffer)) > 0)
                    collected.Write(buffer, 0, read);
                collected.Commit();
                done[entry.Index] = true;
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

    /// <summary>
    /// Copies one file over SFTP into place, masked unless <paramref name="masking"/> is null (kept byte for byte).
    /// Null (and nothing kept) when the file is longer than <paramref name="maxBytes"/>.
    /// </summary>
    private async Task<long?> FetchAsync(string remote, string local, long maxBytes, Redactor? masking,
        CancellationToken cancellationToken)
    {
        using var collected = new CollectedFile(Partial(), Path.GetFullPath(local), masking);
        var size = await session.CopyAsync(remote, collected, maxBytes, cancellationToken).ConfigureAwait(false);
        if (size is null)
            return null;
        collected.Commit();
        log.Debug("collected {Remote} ({Bytes} bytes)", remote, size);
        return size;
    }

    private string Partial() => Path.Combine(partials, $"{Interlocked.Increment(ref partialCount)}.partial");
}
