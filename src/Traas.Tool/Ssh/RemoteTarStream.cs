using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// Files of one folder on the node as one tar stream over an exec channel (`tar -c` of the files the walk chose,
/// named on its standard input, each ended by a NUL), read by <see cref="RemoteTarReader"/>.
/// A stall or more than a little stderr ends it too. The channel's output goes through a
/// <see cref="BoundedPipeStream"/> of <see cref="Window"/> bytes, not SSH.NET's own pipe, which would take in
/// all the node sends, however fast it comes; the channel's window is as small (<see cref="ChannelWindow"/>), so
/// the node holds no more than that either, and tar waits for the reader.
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
    private readonly Timer watchdog;
    private readonly CancellationTokenRegistration cancellation;
    private RemoteTarReader? reader;
    private string? ended;
    private bool read;

    private RemoteTarStream(SshClient client, string root, CancellationToken cancellationToken)
    {
        var error = new ErrorSink(MaxErrorBytes, () => End($"wrote more than {MaxErrorBytes / 1024} KiB of errors"));
        command = RemoteCommand.Open(client, CommandText(root), new Gate(this), error, "start the stream");
        // Errors that flooded in before the command was in place: End could not close it then.
        if (ended is not null)
            command.Cancel();
        watchdog = new Timer(_ => Watch(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        cancellation = cancellationToken.Register(() => End("was cancelled"));
    }

    /// <summary>
    /// Starts `tar -c` below <paramref name="root"/> on the node, waiting for the list of its files
    /// (<see cref="Give"/>): its start on the node (a fork of sshd, a login shell and tar, 0.1 to 0.3 s on loopback)
    /// goes on while the walk chooses the files.
    /// </summary>
    /// <exception cref="RemoteStreamException">The node did not start the stream.</exception>
    public static RemoteTarStream Open(SshClient client, string root, CancellationToken cancellationToken)
        => new(client, root, cancellationToken);

    /// <summary>Starts `tar -c` of <paramref name="files"/> below <paramref name="root"/> on the node.</summary>
    /// <exception cref="RemoteStreamException">The node did not start the stream.</exception>
    public static RemoteTarStream Start(SshClient client, string root, IReadOnlyList<RemoteTarFile> files,
        CancellationToken cancellationToken)
    {
        var stream = Open(client, root, cancellationToken);
        try
        {
            stream.Give(files);
        }
        catch (RemoteStreamException)
        {
            stream.Dispose();
            throw;
        }
        return stream;
    }

    /// <summary>
    /// Gives the stream its files, the list it is held to; none gives an empty stream, read to its end as any.
    /// </summary>
    /// <exception cref="RemoteStreamException">The stream had ended: the node ended it, or it was cancelled.
    /// </exception>
    public void Give(IReadOnlyList<RemoteTarFile> files)
    {
        Volatile.Write(ref reader, new RemoteTarReader(output, files));
        try
        {
            command.Send(Names(files));
        }
        catch (RemoteStreamException e) when (ended is not null)
        {
            throw new RemoteStreamException($"the stream {ended}", e);
        }
        watchdog.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// tar's command line: GNU format (no PAX headers), the names read from standard input, each ended by a NUL
    /// (so a newline in a name is only a character), taken as they are (no backslash escapes); tar's own messages
    /// go nowhere. On the command line, a list of 2,000 files took three commands (SSH.NET sends packets of at most
    /// 68536 bytes, the exec request one of them), each a fork of sshd, a login shell and tar on the node.
    /// </summary>
    public static string CommandText(string root) =>
        $"tar -c -f - --format=gnu -C {RemoteCommand.Quote(root)} --no-recursion --no-unquote --null -T - 2>/dev/null";

    /// <summary>What standard input carries: each name, then a NUL (one NUL alone for no name: tar skips it).</summary>
    public static byte[] Names(IEnumerable<RemoteTarFile> files)
    {
        var names = new MemoryStream();
        foreach (var file in files)
        {
            names.Write(Encoding.UTF8.GetBytes(file.Relative));
            names.WriteByte(0);
        }
        if (names.Length == 0)
            names.WriteByte(0);
        return names.ToArray();
    }

    /// <summary>
    /// The most bytes of names one stream is given: the node's sshd takes 2 MiB of input ahead (OpenSSH's window),
    /// so the whole list goes at once, before the stream is read, and never waits on the node.
    /// </summary>
    public const int MaxNamesBytes = 1024 * 1024;

    /// <summary>
    /// What one more name adds to the standard input of a stream.
    /// </summary>
    public static int NameBytes(string relative) => Encoding.UTF8.GetByteCount(relative) + 1;

    /// <summary>
    /// Whether a name can go to tar. One that starts with a dash goes over SFTP instead: tar before 1.29 reads
    /// such a line of its list as an option.
    /// </summary>
    public static bool Streamable(string relative) => !relative.StartsWith('-');

    /// <summary>The next file of the list the stream holds; null at its end.</summary>
    /// <exception cref="RemoteStreamException">The stream broke, was ended, or held what was not asked for.</exception>
    public RemoteTarEntry? Next()
    {
        var entry = Ended(Given.Next);
        if (entry is null && ended is not null)
            throw new RemoteStreamException($"the stream {ended}");
        read = entry is null;
        return entry;
    }

    /// <summary>Reads the current file's bytes (0 at its end).</summary>
    /// <exception cref="RemoteStreamException">The stream broke or was ended.</exception>
    public int Read(byte[] buffer) => Ended(() => Given.Read(buffer));

    public void Dispose()
    {
        watchdog.Dispose();
        cancellation.Dispose();
        if (read && ended is null)
            command.Finish();
        End("was closed");
        reader?.Dispose();
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

    /// <summary>
    /// The channel's output on its way into the pipe. What comes before the stream is given its files is dropped
    /// and ends it: tar writes nothing before it reads a name, and a node that did would fill the pipe and hold up
    /// SSH.NET's receive thread, and with it the connection's other channels (the listing's, on the first lane).
    /// </summary>
    private sealed class Gate(RemoteTarStream stream) : ForwardOnlyStream
    {
        private bool early;

        public override bool CanWrite => true;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!early && Volatile.Read(ref stream.reader) is not null)
            {
                stream.output.Write(buffer);
                return;
            }
            if (early)
                return;
            early = true;
            // Not on the receive thread, which closing the channel may wait for.
            ThreadPool.QueueUserWorkItem(_ => stream.End("wrote before it was given its files"));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                stream.output.Dispose();
            base.Dispose(disposing);
        }
    }

    private RemoteTarReader Given => reader ?? throw new InvalidOperationException("the stream has no files yet");

    private void Watch()
    {
        if (reader is not null && Environment.TickCount64 - reader.LastProgress > Stall.TotalMilliseconds)
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
