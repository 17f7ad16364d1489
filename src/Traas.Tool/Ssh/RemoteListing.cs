using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// A folder's whole tree from one `find -printf` on the node, for a walk that would otherwise take an SFTP
/// listing a folder (a TripleO job leaves hundreds of folders: each listing is round trips). The node may answer
/// anything: the listing is bounded in bytes and time, every record must be what find writes (a type, a size and
/// a path of safe names below a folder already listed), and find must say it got through the whole tree. Anything
/// else is a <see cref="RemoteStreamException"/>, and the walk goes over SFTP, as it would on a node without GNU
/// find: the same way, with the same limits and the same errors.
/// </summary>
internal sealed class RemoteListing
{
    /// <summary>
    /// The most bytes a listing may take: a few thousand files take some hundreds of KiB, 20,000 files of long
    /// paths some MiB. A tree listed in more goes over SFTP, which holds a folder at a time.
    /// </summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The most stderr a listing may write (find's own goes to /dev/null).</summary>
    private const int MaxErrorBytes = 64 * 1024;

    /// <summary>Far more than find takes for a job's logs; a listing that takes longer goes over SFTP.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string Header = "traas-list";
    private const string End = "traas-end";
    private const string NoFolder = "traas-missing";
    private const string NotAFolder = "traas-other";

    /// <summary>The folder does not exist (nor a link to one).</summary>
    public static readonly RemoteListing Missing = new(new Dictionary<string, List<RemoteEntry>>());

    private readonly Dictionary<string, List<RemoteEntry>> folders;

    private RemoteListing(Dictionary<string, List<RemoteEntry>> folders) => this.folders = folders;

    /// <summary>
    /// The command: find below <paramref name="root"/> (followed if it is a link, nothing below it followed), to
    /// one level below the depth limit, so that the walk sees where it is reached.
    /// </summary>
    public static string CommandText(string root, int maxDepth) =>
        $"r={RemoteCommand.Quote(root)}; if [ -d \"$r\" ]; then printf '{Header}\\0'; "
        + $"find -H \"$r\" -mindepth 1 -maxdepth {maxDepth + 1} -printf '%y %s %P\\0' && printf '{End}\\0'; "
        + $"elif [ -e \"$r\" ]; then printf '{NotAFolder}\\0'; else printf '{NoFolder}\\0'; fi 2>/dev/null";

    /// <summary>Lists <paramref name="root"/>'s tree on the node.</summary>
    /// <exception cref="RemoteStreamException">The node did not give a whole, well-formed listing.</exception>
    public static async Task<RemoteListing> ReadAsync(SshClient client, string root, WalkLimits limits,
        CancellationToken cancellationToken)
    {
        var output = new BoundedPipeStream(256 * 1024);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        string? ended = null;
        RemoteCommand? command = null;
        void Stop(string why)
        {
            ended ??= why;
            output.Abort();
            command?.Cancel();
        }
        // stderr is dropped (find's own goes to /dev/null): a node that floods it is stopped.
        var error = new ErrorSink(MaxErrorBytes, () => Stop($"the listing wrote more than {MaxErrorBytes / 1024} KiB "
            + "of errors"));
        using (command = RemoteCommand.Start(client, CommandText(root, limits.MaxDepth), [], output, error,
            "run find"))
        {
            using var stopping = limit.Token.Register(() => Stop(
                $"the listing took longer than {Timeout.TotalSeconds:0} s"));
            try
            {
                // A thread of its own: the read, and the wait for the channel to close after it, wait on SSH.NET's
                // receive thread, and a pool thread held that long starts the pool's other work late.
                var bytes = await Task.Factory.StartNew(() =>
                {
                    var all = ReadAll(output);
                    if (ended is null)
                        command.Finish();
                    return all;
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                    .ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (ended is not null)
                    throw new RemoteStreamException(ended);
                return Parse(bytes, root);
            }
            finally
            {
                Stop("was closed");
            }
        }
    }

    /// <summary>The names in <paramref name="folder"/>, at most <paramref name="maxEntries"/> (then in part).</summary>
    public UndercloudSession.FolderListing Folder(string folder, int maxEntries)
    {
        if (!folders.TryGetValue(folder, out var entries))
            return new([], InPart: false);
        // In part: the first names in the walk's order, so that which files a limit keeps does not depend on find.
        return entries.Count > maxEntries
            ? new([.. entries.OrderBy(e => e.Name, StringComparer.Ordinal).Take(maxEntries)], InPart: true)
            : new(entries, InPart: false);
    }

    /// <summary>The listing's records, read to the end or to <see cref="MaxBytes"/> (and then refused).</summary>
    private static byte[] ReadAll(BoundedPipeStream output)
    {
        using var bytes = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = output.Read(buffer)) > 0)
        {
            if (bytes.Length + read > MaxBytes)
                throw new RemoteStreamException($"the listing is over {MaxBytes / 1048576} MiB");
            bytes.Write(buffer, 0, read);
        }
        return bytes.ToArray();
    }

    /// <summary>find's records, NUL-separated, between the header and the end, into their folders.</summary>
    internal static RemoteListing Parse(ReadOnlySpan<byte> bytes, string root)
    {
        // Decoded strictly: a name that is not UTF-8 is shown, and left out by the walk (tar and SFTP are given
        // UTF-8, so one decoded with replacement characters would name no file, or another).
        var records = new List<(string Text, bool NotUtf8)>();
        foreach (var range in bytes.Split((byte)0))
        {
            var record = bytes[range];
            records.Add(LocalName.Decode(record) is { } text ? (text, false) : (LocalName.Shown(record), true));
        }
        // A listing ends with a NUL: the split's last piece is empty.
        if (records.Count > 0 && records[^1].Text.Length == 0)
            records.RemoveAt(records.Count - 1);
        else
            throw Malformed("does not end with a NUL");
        switch (records.FirstOrDefault().Text)
        {
            case NoFolder when records.Count == 1:
                return Missing;
            case NotAFolder when records.Count == 1:
                throw new RemoteStreamException("it is not a folder");
            case Header:
                break;
            default:
                throw Malformed("is not what find writes");
        }
        if (records.Count < 2 || records[^1].Text != End)
            throw new RemoteStreamException("find did not get through the whole tree (a folder it cannot read?)");
        var folders = new Dictionary<string, List<RemoteEntry>>(StringComparer.Ordinal) { [root] = [] };
        foreach (var (record, notUtf8) in records.Skip(1).SkipLast(1))
            Add(folders, root, record, notUtf8);
        return new RemoteListing(folders);
    }

    /// <summary>One record, `TYPE SIZE PATH`, into its folder, which find listed before it (depth first).</summary>
    private static void Add(Dictionary<string, List<RemoteEntry>> folders, string root, string record, bool notUtf8)
    {
        var first = record.IndexOf(' ', StringComparison.Ordinal);
        var second = first < 0 ? -1 : record.IndexOf(' ', first + 1);
        if (first != 1 || second < 0
            || !long.TryParse(record.AsSpan(2, second - 2), NumberStyles.None, CultureInfo.InvariantCulture,
                out var size))
            throw Malformed($"has a record that is not `type size path`: {Shown(record)}");
        var path = record[(second + 1)..];
        if (!path.Split('/').All(UndercloudSession.SafeName))
            throw Malformed($"names a path that is not below the folder: {Shown(path)}");
        var slash = path.LastIndexOf('/');
        var name = path[(slash + 1)..];
        var parent = slash < 0 ? root : Join(root, path[..slash]);
        if (!folders.TryGetValue(parent, out var entries))
            throw Malformed($"names {Shown(path)} before its folder");
        var full = Join(root, path);
        var kind = record[0] switch
        {
            'd' => RemoteEntryKind.Folder,
            'f' => RemoteEntryKind.RegularFile,
            _ => RemoteEntryKind.Other,
        };
        if (kind == RemoteEntryKind.Folder && !folders.TryAdd(full, []))
            throw Malformed($"names {Shown(path)} twice");
        entries.Add(new RemoteEntry(name, full, kind, size, notUtf8));
    }

    private static string Join(string root, string relative) =>
        root.EndsWith('/') ? root + relative : root + "/" + relative;

    private static string Shown(string text) => text.Length > 80 ? text[..80] + "..." : text;

    private static RemoteStreamException Malformed(string what) => new($"the listing {what}");
}
