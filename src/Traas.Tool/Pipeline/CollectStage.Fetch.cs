using Traas.Reporting.Input;
using Traas.Tool.Ssh;

namespace Traas.Tool.Pipeline;

/// <summary>Bringing the chosen files back: streamed where the node can, what the stream did not give over SFTP.</summary>
internal sealed partial class CollectStage
{
    private const int StreamBuffer = 256 * 1024;

    /// <returns>How many of <paramref name="chosen"/> came back.</returns>
    private async Task<int> FetchAllAsync(string root, List<(string Remote, RemoteTarFile File)> chosen,
        string logs, Redactor masking, CancellationToken cancellationToken)
    {
        var done = new bool[chosen.Count];
        var matched = 0;
        foreach (var batch in Batches(root, chosen))
        {
            var files = batch.Select(i => chosen[i].File).ToList();
            var stream = await StartStreamAsync(root, files, cancellationToken).ConfigureAwait(false);
            if (stream is null)
                break;
            matched += await Task.Run(() => Drain(stream, batch, files, logs, masking, done), cancellationToken)
                .ConfigureAwait(false);
        }
        for (var i = 0; i < chosen.Count; i++)
        {
            if (done[i])
                continue;
            var (remote, file) = chosen[i];
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

    /// <summary>
    /// The indexes of the streamable files, in lists whose tar command fits on a command line; names that cannot
    /// go on one are left to SFTP.
    /// </summary>
    private static IEnumerable<List<int>> Batches(string root, List<(string Remote, RemoteTarFile File)> chosen)
    {
        var batch = new List<int>();
        var length = RemoteTarStream.CommandText(root, []).Length;
        for (var i = 0; i < chosen.Count; i++)
        {
            var relative = chosen[i].File.Relative;
            if (!RemoteTarStream.Streamable(relative))
                continue;
            var more = RemoteTarStream.CommandText("", [relative]).Length - RemoteTarStream.CommandText("", []).Length;
            if (batch.Count > 0 && length + more > RemoteTarStream.MaxCommandLength)
            {
                yield return batch;
                batch = [];
                length = RemoteTarStream.CommandText(root, []).Length;
            }
            batch.Add(i);
            length += more;
        }
        if (batch.Count > 0)
            yield return batch;
    }

    private async Task<RemoteTarStream?> StartStreamAsync(string root, List<RemoteTarFile> files,
        CancellationToken cancellationToken)
    {
        try
        {
            return await session.StreamAsync(root, files, cancellationToken).ConfigureAwait(false);
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
    /// that gives nothing at all means a node that cannot stream: the next folders go over SFTP at once.
    /// </summary>
    private int Drain(RemoteTarStream stream, List<int> batch, List<RemoteTarFile> files, string logs,
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
                    done[batch[entry.Index]] = true;
                }
                if (entry.Kind != RemoteTarEntryKind.Data)
                    continue;
                using var collected = new CollectedFile(Partial(), Path.Combine(logs, file.Relative), masking);
                int read;
                while ((read = stream.Read(buffer)) > 0)
                    collected.Write(buffer, 0, read);
                collected.Commit();
                done[batch[entry.Index]] = true;
                progress.Add(file.Size);
                matched++;
            }
        }
        catch (RemoteStreamException e)
        {
            log.Warning("streaming files from {Folder} stopped: {Reason}; the rest come over SFTP",
                files.Count > 0 ? files[0].Relative : "", e.Message);
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
