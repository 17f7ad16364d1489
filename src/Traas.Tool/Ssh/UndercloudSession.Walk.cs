using System.Runtime.CompilerServices;
using Renci.SshNet.Common;

namespace Traas.Tool.Ssh;

/// <summary>
/// Walking the node's folders: from one `find` over the stream's connection where the node can
/// (<see cref="RemoteListing"/>), else over SFTP, the next folders listed while one is gone through. Both go the
/// same way, in the same order, within the same limits: only where the names come from differs.
/// </summary>
internal sealed partial class UndercloudSession
{
    /// <summary>
    /// Folders listed at once, ahead of the walk: a listing is a few SFTP round trips, and on a busy node those
    /// cost more than the listing (572 folders: 2.1 s one by one on a loaded machine, 0.6 s eight at a time).
    /// Each holds at most one folder's names, so this bounds what the walk holds too.
    /// </summary>
    private const int ListingsAhead = 8;

    /// <summary>
    /// Linux's PATH_MAX and NAME_MAX. OpenSSH's sftp-server lstat()s each name of a folder it lists as folder/name
    /// in a PATH_MAX buffer, and drops a name whose path does not fit without a word (process_readdir). In a
    /// folder this deep, a name may be missing from the listing, unseen: such a name's path would be too long to
    /// keep, but the collect that lacks it is incomplete and says so.
    /// </summary>
    private const int PathMax = 4096, NameMax = 255;

    /// <summary>
    /// The regular files under a folder, depth first in name order, with their paths relative to it (as the node
    /// names them, and as the runner keeps them: <see cref="LocalName"/>), within <paramref name="limits"/> (a
    /// hostile tree may never end). Symbolic links, FIFOs, devices and names that could leave the folder are
    /// skipped. A folder that does not exist is empty (and said so). <paramref name="limitReached"/> hears of the
    /// limit reached and where; <paramref name="leftOut"/> of a file or folder (its path ends with a slash) that
    /// cannot be kept, or went away or cannot be read, and why: the walk goes on without it. Left-out files count
    /// towards the file limit.
    /// </summary>
    public async IAsyncEnumerable<(RemoteEntry File, string Relative, string Kept)> WalkAsync(string folder,
        WalkLimits limits, Action<WalkLimit, string> limitReached, Action<string, string> leftOut,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var listed = await ListAllAsync(folder, limits, cancellationToken).ConfigureAwait(false);
        if (ReferenceEquals(listed, RemoteListing.Missing))
        {
            log.Warning("nothing to collect under {Folder}: it does not exist", folder);
            yield break;
        }
        Func<string, int, CancellationToken, Task<FolderListing>> list = listed is null ? ListAsync
            : (path, max, _) => Task.FromResult(listed.Folder(path, max));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The walk's stack, its top last; a folder not yet listed has no listing.
        var pending = new List<PendingFolder> { new(folder, "", "", 0) };
        var ahead = 0;
        var files = 0;
        try
        {
            while (pending.Count > 0)
            {
                var current = pending[^1];
                pending.RemoveAt(pending.Count - 1);
                if (current.Listing is null)
                    current.Listing = list(current.Folder, limits.MaxFiles + 2, stop.Token);
                else
                    ahead--;
                ahead = ListAhead(pending, ahead, list, limits.MaxFiles + 2, stop.Token);
                FolderListing listing;
                try
                {
                    listing = await current.Listing.ConfigureAwait(false);
                }
                catch (SftpPathNotFoundException) when (current.Depth == 0)
                {
                    log.Warning("nothing to collect under {Folder}: it does not exist", folder);
                    yield break;
                }
                catch (SftpPathNotFoundException)
                {
                    // Gone since its folder was listed (the job still running, a cleanup): the rest goes on.
                    leftOut(current.Prefix, "it is gone from the node");
                    continue;
                }
                catch (SftpPermissionDeniedException)
                {
                    leftOut(current.Prefix == "" ? folder + "/" : current.Prefix,
                        "it cannot be read (permission denied)");
                    continue;
                }
                if (listed is null && Encoding.UTF8.GetByteCount(current.Folder) + 1 + NameMax >= PathMax)
                {
                    leftOut(current.Prefix == "" ? folder + "/" : current.Prefix, $"over SFTP, a name in it whose "
                        + $"path passes {PathMax} bytes is not listed at all (OpenSSH's sftp-server drops it)");
                }
                // A folder of millions of names is not listed to its end.
                if (listing.InPart)
                    limitReached(WalkLimit.Files, $"{current.Prefix}, listed in part");
                var folders = new List<PendingFolder>();
                var taken = Taken(listing.Entries);
                var cases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in listing.Entries.OrderBy(e => e.Name, StringComparer.Ordinal))
                {
                    if (!SafeName(entry.Name) || entry.Kind == RemoteEntryKind.Other)
                        continue;
                    var isFolder = entry.Kind == RemoteEntryKind.Folder;
                    var relative = current.Prefix + entry.Name + (isFolder ? "/" : "");
                    if (isFolder && current.Depth + 1 > limits.MaxDepth)
                    {
                        limitReached(WalkLimit.Depth, relative.TrimEnd('/'));
                        yield break;
                    }
                    if (!isFolder && ++files > limits.MaxFiles)
                    {
                        limitReached(WalkLimit.Files, relative);
                        yield break;
                    }
                    var kept = LocalName.Kept(entry.Name);
                    var problem = entry.NotUtf8 ? LocalName.NotUtf8 : LocalName.Problem(entry.Name);
                    problem ??= kept != entry.Name && taken.Contains(kept)
                        ? $"it would be kept as {kept}, which the folder holds already" : null;
                    var keptPath = current.Kept + kept;
                    problem ??= Encoding.UTF8.GetByteCount(keptPath) + 1 > limits.MaxKeptBytes
                        || Encoding.UTF8.GetByteCount(entry.FullName) > LocalName.MaxPathBytes
                        ? $"its path is over {LocalName.MaxPathBytes} bytes" : null;
                    if (problem is not null)
                    {
                        leftOut(relative, problem);
                        continue;
                    }
                    // Linux keeps both; a zip extracted on Windows or macOS would keep one.
                    if (!cases.TryAdd(kept, entry.Name))
                    {
                        log.Warning("{File} and {Other} differ only in case: both are kept, but the artifact "
                            + "extracted on Windows or macOS keeps one", LocalName.Shown(relative),
                            LocalName.Shown(current.Prefix + cases[kept]));
                    }
                    if (isFolder)
                        folders.Add(new(entry.FullName, relative, keptPath + "/", current.Depth + 1));
                    else
                        yield return (entry, relative, keptPath);
                }
                // Pushed in reverse, so that folders are walked in name order.
                for (var i = folders.Count - 1; i >= 0; i--)
                    pending.Add(folders[i]);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            // Listings begun ahead and not reached: their failures (the cancel, most often) are nobody's.
            foreach (var left in pending)
                _ = left.Listing?.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Begins the listings of the folders nearest the top of <paramref name="pending"/>, so that at most
    /// <see cref="ListingsAhead"/> are begun and not yet reached; returns how many are.
    /// </summary>
    private static int ListAhead(List<PendingFolder> pending, int ahead,
        Func<string, int, CancellationToken, Task<FolderListing>> list, int maxEntries,
        CancellationToken cancellationToken)
    {
        for (var i = pending.Count - 1; i >= 0 && ahead < ListingsAhead; i--)
        {
            if (pending[i].Listing is not null)
                continue;
            pending[i].Listing = list(pending[i].Folder, maxEntries, cancellationToken);
            ahead++;
        }
        return ahead;
    }

    /// <summary>A folder's names ("." and ".." too), at most one more than <paramref name="maxEntries"/>.</summary>
    private async Task<FolderListing> ListAsync(string folder, int maxEntries, CancellationToken cancellationToken)
    {
        var entries = new List<RemoteEntry>();
        await foreach (var entry in Connected.ListDirectoryAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            if (entries.Count > maxEntries)
                return new FolderListing(entries, InPart: true);
            var kind = entry.IsDirectory ? RemoteEntryKind.Folder
                : entry.IsRegularFile ? RemoteEntryKind.RegularFile : RemoteEntryKind.Other;
            entries.Add(new RemoteEntry(entry.Name, entry.FullName, kind, entry.Length));
        }
        return new FolderListing(entries, InPart: false);
    }

    /// <summary>
    /// A name of one path element, as a folder listing should give: nothing that climbs out or hides a path.
    /// </summary>
    internal static bool SafeName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\0']) < 0;

    /// <summary>The names of a folder that are kept as they are, which a changed name may not become.</summary>
    private static HashSet<string> Taken(List<RemoteEntry> entries) =>
        entries.Where(e => e.Kind != RemoteEntryKind.Other && !e.NotUtf8 && LocalName.Kept(e.Name) == e.Name)
            .Select(e => e.Name).ToHashSet(StringComparer.Ordinal);

    private sealed class PendingFolder(string folder, string prefix, string kept, int depth)
    {
        public string Folder => folder;

        public string Prefix => prefix;

        /// <summary>The folder's path below the walk's, as the runner keeps it.</summary>
        public string Kept => kept;

        public int Depth => depth;

        public Task<FolderListing>? Listing { get; set; }
    }

    /// <summary>
    /// The whole tree from one `find` on the stream's connection; null when the node cannot give it (then
    /// SFTP lists folder by folder), <see cref="RemoteListing.Missing"/> when the folder does not exist.
    /// </summary>
    private async Task<RemoteListing?> ListAllAsync(string folder, WalkLimits limits,
        CancellationToken cancellationToken)
    {
        var connection = await ExecAsync(0, cancellationToken).ConfigureAwait(false);
        if (connection is null)
            return null;
        try
        {
            return await RemoteListing.ReadAsync(connection, folder, limits, cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteStreamException e)
        {
            log.Information("listing {Folder} in one go: {Reason}; it is listed over SFTP", folder, e.Message);
            return null;
        }
    }

    internal sealed record FolderListing(List<RemoteEntry> Entries, bool InPart);
}
