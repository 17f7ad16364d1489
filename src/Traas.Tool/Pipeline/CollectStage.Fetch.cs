using System.Threading.Channels;
using Traas.Reporting.Input;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>Bringing the chosen files back: streamed where the node can, the rest over SFTP.</summary>
internal sealed partial class CollectStage
{
    private const int StreamBuffer = 256 * 1024;

    /// <summary>
    /// The most bytes a lane's stream is asked for ahead of what came (a single larger file goes alone). SSH.NET
    /// opens each channel with a window of 2 GiB, so the node's sshd reads all tar gives into its own memory at
    /// once, however slowly it is taken: a stream asked for 300 MB cost the node as much memory, and more CPU to
    /// fault it in and wipe it than the stream itself. A few MiB ahead keep the node's buffer small and reused.
    /// </summary>
    private const long MaxOwedBytes = 16 * 1024 * 1024;

    /// <summary>
    /// What a lane may owe and still take any file: tar holds back at most a record (10 KiB) until more names come,
    /// so a lane that owes less than this is never waited for.
    /// </summary>
    private const long HeldBackBytes = 64 * 1024;

    /// <summary>
    /// How long a lane's list stays open when the walk chooses nothing more: then the lists end, so that what was
    /// asked for comes whole (tar holds back its last record until more names come, or the end); files chosen
    /// later go in a new stream.
    /// </summary>
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    /// <returns>How many of the files <paramref name="chosen"/> came back.</returns>
    private async Task<int> FetchAllAsync(string root, ChannelReader<(string Remote, RemoteTarFile File)> chosen,
        string logs, Redactor masking, CancellationToken cancellationToken)
    {
        var rest = new List<(string Remote, RemoteTarFile File)>();
        var lanes = Enumerable.Range(0, UndercloudSession.Lanes).Select(i => new Lane(i)).ToArray();
        // Set by a lane's reader at each file and at its end: a lane may then take more.
        using var progressed = new SemaphoreSlim(0, 1);
        var matched = 0;
        try
        {
            // The streams start while the walk goes on: each costs the node a round trip and a fork of sshd, a
            // shell and tar, some tenths of a second. One asked for nothing ends with no entry.
            foreach (var lane in lanes)
            {
                if (!lane.Dead)
                    await OpenAsync(lane).ConfigureAwait(false);
            }
            while (true)
            {
                while (chosen.TryRead(out var item))
                {
                    var lane = RemoteTarStream.Streamable(item.File.Relative)
                        ? await LaneForAsync(item.File.Size).ConfigureAwait(false) : null;
                    if (lane is null)
                        rest.Add(item);
                    else
                        lane.Ask(item);
                }
                foreach (var lane in lanes)
                    lane.Stream?.Send();
                var more = chosen.WaitToReadAsync(cancellationToken).AsTask();
                if (!more.IsCompleted
                    && await Task.WhenAny(more, Task.Delay(Idle, cancellationToken)).ConfigureAwait(false) != more)
                {
                    foreach (var lane in lanes)
                        lane.Stream?.EndList();
                }
                if (!await more.ConfigureAwait(false))
                    break;
            }
        }
        finally
        {
            foreach (var lane in lanes)
                lane.Stream?.EndList();
            // Every stream is waited for (a cancel ends it), even when one failed: none is left writing.
            await Task.WhenAll(lanes.Select(l => l.Draining ?? Task.FromResult(0))).ConfigureAwait(false);
            foreach (var lane in lanes)
            {
                if (lane.Draining is not null)
                    await TakeAsync(lane).ConfigureAwait(false);
            }
        }
        return matched + await FetchEachAsync(rest, logs, masking, cancellationToken).ConfigureAwait(false);

        // The lane to ask for a file of `size` bytes: the one that owes least, a stream opened on it if it has none;
        // when every lane owes its most, the first to take more. Null when no lane can stream.
        async Task<Lane?> LaneForAsync(long size)
        {
            while (true)
            {
                foreach (var lane in lanes)
                {
                    if (lane.Draining is { IsCompleted: true })
                        await TakeAsync(lane).ConfigureAwait(false);
                }
                if (lanes.All(l => l.Dead))
                    return null;
                var live = lanes.Where(l => !l.Dead && l.Stream is not { ListEnded: true }).ToList();
                var best = live.OrderBy(l => l.Stream?.Owed ?? 0).ThenBy(l => l.Stream is null).FirstOrDefault();
                if (best is { Stream: null } && await OpenAsync(best).ConfigureAwait(false))
                    return best;
                if (best?.Stream is { Owed: var owed } && (owed <= HeldBackBytes || owed + size <= MaxOwedBytes))
                    return best;
                foreach (var lane in lanes)
                    lane.Stream?.Send();
                if (best is not { Stream: null })
                    await progressed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        async Task<bool> OpenAsync(Lane lane)
        {
            var stream = await StartStreamAsync(root, lane.Index, cancellationToken).ConfigureAwait(false);
            if (stream is null)
            {
                foreach (var each in lanes)
                    each.Dead |= each.Stream is null;
                return false;
            }
            lane.Stream = stream;
            // Not cancelled before it runs: Drain owns the stream, and a cancel ends the stream itself. A thread of
            // its own, as each read waits on SSH.NET's receive thread: pool threads held that long start the other
            // lane's work late (on two cores the pool adds a thread about every half second).
            lane.Draining = Task.Factory.StartNew(() => Drain(lane, root, logs, masking, progressed),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return true;
        }

        async Task TakeAsync(Lane lane)
        {
            matched += await lane.Draining!.ConfigureAwait(false);
            rest.AddRange(lane.Left());
            lane.Reset();
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

    private async Task<RemoteTarStream?> StartStreamAsync(string root, int lane, CancellationToken cancellationToken)
    {
        try
        {
            return await session.StreamAsync(root, lane, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteStreamException e)
        {
            log.Warning("streaming the files of {Folder}: {Reason}; they come over SFTP", root, e.Message);
            session.StopStreaming();
            return null;
        }
    }

    /// <summary>
    /// Writes what the lane's stream gives into place, until its end; files it passes over stay not done. A stream
    /// that gives nothing at all means a node that cannot stream: the next ones go over SFTP at once. A stream that
    /// breaks ends its lane: what it was asked for after that comes over SFTP.
    /// </summary>
    private int Drain(Lane lane, string root, string logs, Redactor masking, SemaphoreSlim progressed)
    {
        var stream = lane.Stream!;
        using var owned = stream;
        var buffer = new byte[StreamBuffer];
        var matched = 0;
        var any = false;
        try
        {
            while (stream.Next() is { } entry)
            {
                any = true;
                var file = stream.Files[entry.Index];
                if (entry.Kind == RemoteTarEntryKind.Refused)
                {
                    log.Warning("{File} is a {Type} now, not a regular file: left out", file.Relative, entry.Type);
                    lane.Done.Add(entry.Index);
                }
                if (entry.Kind == RemoteTarEntryKind.Data)
                {
                    using var collected = new CollectedFile(Partial(), Path.Combine(logs, file.Relative), masking);
                    int read;
                    while ((read = stream.Read(buffer)) > 0)
                        collected.Write(buffer, 0, read);
                    collected.Commit();
                    lane.Done.Add(entry.Index);
                    progress.Add(file.Size);
                    matched++;
                }
                Wake(progressed);
            }
        }
        catch (RemoteStreamException e)
        {
            log.Warning("streaming files from {Folder} stopped: {Reason}; the rest come over SFTP", root, e.Message);
            lane.Dead = true;
        }
        finally
        {
            Wake(progressed);
        }
        if (!any && stream.Files.Count > 0)
            session.StopStreaming();
        return matched;
    }

    /// <summary>Wakes the feeder if it waits (one wake-up stands for any number of files).</summary>
    private static void Wake(SemaphoreSlim progressed)
    {
        try
        {
            if (progressed.CurrentCount == 0)
                progressed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another reader woke it just now.
        }
        catch (ObjectDisposedException)
        {
            // Collecting ended on an error while this reader was closing.
        }
    }

    /// <summary>One lane: its stream, what it was asked for (for the ones that do not come), and which came.</summary>
    private sealed class Lane(int index)
    {
        private readonly List<(string Remote, RemoteTarFile File)> asked = [];

        public int Index => index;

        public RemoteTarStream? Stream { get; set; }

        /// <summary>The stream's reader, which gives how many files it wrote.</summary>
        public Task<int>? Draining { get; set; }

        /// <summary>The indexes of the files that came or were refused (written by the reader only).</summary>
        public HashSet<int> Done { get; private set; } = [];

        /// <summary>No more streams on this lane: one broke, or the node cannot stream.</summary>
        public bool Dead { get; set; }

        public void Ask((string Remote, RemoteTarFile File) item)
        {
            asked.Add(item);
            Stream!.Ask(item.File);
        }

        /// <summary>What the lane's stream, now ended, was asked for and did not give.</summary>
        public IEnumerable<(string Remote, RemoteTarFile File)> Left() => asked.Where((_, i) => !Done.Contains(i));

        public void Reset()
        {
            asked.Clear();
            Done = [];
            Stream = null;
            Draining = null;
        }
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
