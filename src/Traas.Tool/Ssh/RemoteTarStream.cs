using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// Files of one folder on the node as one tar stream over an exec channel (`tar -c` of the files the SFTP walk
/// chose, named on the command line and single-quoted for the shell), read by <see cref="RemoteTarReader"/>.
/// A stall or more than a little stderr ends it too. The channel's output goes through a
/// <see cref="BoundedPipeStream"/> of <see cref="Window"/> bytes, not SSH.NET's own pipe, which would take in
/// all the node sends, however fast it comes: the stream's connection is its own, so holding it up costs the
/// SFTP session nothing.
/// </summary>
internal sealed class RemoteTarStream : IDisposable
{
    /// <summary>As long as an SFTP request may take (the session's OperationTimeout).</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    private const int MaxErrorBytes = 64 * 1024;

    private const int Window = 4 * 1024 * 1024;

    private readonly RemoteCommand command;
    private readonly Lock ending = new();
    private readonly BoundedPipeStream output = new(Window);
    private readonly RemoteTarReader reader;
    private readonly Timer watchdog;
    private readonly CancellationTokenRegistration cancellation;
    private string? ended;
    private bool read;

    private RemoteTarStream(SshClient client, string root, IReadOnlyList<RemoteTarFile> files,
        CancellationToken cancellationToken)
    {
        var error = new ErrorSink(MaxErrorBytes, () => End($"wrote more than {MaxErrorBytes / 1024} KiB of errors"));
        command = RemoteCommand.Start(client, CommandText(root, files.Select(f => f.Relative)), output, error,
            "start the stream");
        // Errors that flooded in before the command was in place: End could not close it then.
        if (ended is not null)
            command.Cancel();
        reader = new RemoteTarReader(output, files);
        watchdog = new Timer(_ => Watch(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        cancellation = cancellationToken.Register(() => End("was cancelled"));
    }

    /// <summary>Starts `tar -c` of <paramref name="files"/> below <paramref name="root"/> on the node.</summary>
    /// <exception cref="RemoteStreamException">The node did not start the stream.</exception>
    public static RemoteTarStream Start(SshClient client, string root, IReadOnlyList<RemoteTarFile> files,
        CancellationToken cancellationToken)
        => new(client, root, files, cancellationToken);

    /// <summary>
    /// tar's command line: GNU format (no PAX headers), every name single-quoted, after `--`, so that no name
    /// is an option; tar's own messages go nowhere.
    /// </summary>
    public static string CommandText(string root, IEnumerable<string> relatives) =>
        $"tar -c -f - --format=gnu -C {RemoteCommand.Quote(root)} --no-recursion -- "
        + $"{string.Join(' ', relatives.Select(RemoteCommand.Quote))} 2>/dev/null";

    /// <summary>
    /// SSH.NET sends packets of at most 68536 bytes, the exec request with its command one of them (and Linux
    /// takes a shell command of at most 128 KiB, MAX_ARG_STRLEN): a longer list is split.
    /// </summary>
    public const int MaxCommandLength = 60 * 1024;

    /// <summary>Whether a name can go on the command line (control characters go over SFTP instead).</summary>
    public static bool Streamable(string relative) => !relative.Any(char.IsControl);

    /// <summary>The next file of the list the stream holds; null at its end.</summary>
    /// <exception cref="RemoteStreamException">The stream broke, was ended, or held what was not asked for.</exception>
    public RemoteTarEntry? Next()
    {
        var entry = Ended(reader.Next);
        if (entry is null && ended is not null)
            throw new RemoteStreamException($"the stream {ended}");
        read = entry is null;
        return entry;
    }

    /// <summary>Reads the current file's bytes (0 at its end).</summary>
    /// <exception cref="RemoteStreamException">The stream broke or was ended.</exception>
    public int Read(byte[] buffer) => Ended(() => reader.Read(buffer));

    public void Dispose()
    {
        watchdog.Dispose();
        cancellation.Dispose();
        if (read && ended is null)
            command.Finish();
        End("was closed");
        reader.Dispose();
        command.Dispose();
    }

    /// <summary>A break after <see cref="End"/> is told by why the stream was ended.</summary>
    private T Ended<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (RemoteStreamException e) when (ended is not null)
        {
            throw new RemoteStreamException($"the stream {ended}", e);
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e))
        {
            throw new RemoteStreamException($"the stream broke: {ended ?? e.Message}", e);
        }
    }

    private void Watch()
    {
        if (Environment.TickCount64 - reader.LastProgress > Stall.TotalMilliseconds)
            End($"stalled: nothing came for {Stall.TotalSeconds:0} s");
    }

    /// <summary>Closes the channel, which ends any read waiting on it.</summary>
    private void End(string why)
    {
        lock (ending)
        {
            if (ended is not null)
                return;
            ended = why;
        }
        // First the pipe, so that SSH.NET's receive thread, if it waits on a full one, can close the channel.
        output.Abort();
        // Null only while the command is being started (the constructor then closes it).
        command?.Cancel();
    }
}
