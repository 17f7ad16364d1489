using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// Files of one folder on the node as one tar stream over an exec channel, read by <see cref="RemoteTarReader"/>.
/// tar reads the names on its stdin, NUL-terminated, as they are asked for (<see cref="Ask"/>, then
/// <see cref="Send"/>), until <see cref="EndList"/>: one stream serves many files, and the node starts one program,
/// not one a batch (each start cost a round trip and a fork of sshd, the shell and tar: some tenths of a second).
/// The node's sshd holds at most what was asked for and not read yet: the caller asks a few MiB ahead of what came.
/// A stall or more than a little stderr ends the stream. The channel's output goes through a
/// <see cref="BoundedPipeStream"/> of <see cref="Window"/> bytes, not SSH.NET's own pipe, which would take in all
/// the node sends, however fast it comes: the stream's connection is its own, so holding it up costs the SFTP
/// session nothing.
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
    private readonly RemoteTarList files = new([]);
    private readonly RemoteTarReader reader;
    private readonly Timer watchdog;
    private readonly CancellationTokenRegistration cancellation;
    private readonly MemoryStream names = new();
    private long owedSince = Environment.TickCount64;
    private string? ended;
    private bool listEnded;
    private bool read;

    private RemoteTarStream(SshClient client, string root, CancellationToken cancellationToken)
    {
        var error = new ErrorSink(MaxErrorBytes, () => End($"wrote more than {MaxErrorBytes / 1024} KiB of errors"));
        command = RemoteCommand.StartWithInput(client, CommandText(root), output, error, "start the stream");
        // Errors that flooded in before the command was in place: End could not close it then.
        if (ended is not null)
            command.Cancel();
        reader = new RemoteTarReader(output, files);
        watchdog = new Timer(_ => Watch(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        cancellation = cancellationToken.Register(() => End("was cancelled"));
    }

    /// <summary>Starts `tar -c` below <paramref name="root"/> on the node, its list of files open.</summary>
    /// <exception cref="RemoteStreamException">The node did not start the stream.</exception>
    public static RemoteTarStream Open(SshClient client, string root, CancellationToken cancellationToken)
        => new(client, root, cancellationToken);

    /// <summary>
    /// tar's command line: GNU format (no PAX headers), the names from stdin, NUL-terminated and taken as they
    /// are (--null: no name is an option), in records of 10 KiB (-b 20, pinned: a file asked for comes once
    /// more than a record follows it, or at the list's end); tar's own messages go nowhere.
    /// </summary>
    public static string CommandText(string root) =>
        $"tar -c -f - -b 20 --format=gnu -C {RemoteCommand.Quote(root)} --no-recursion --null -T - 2>/dev/null";

    /// <summary>
    /// Whether a name can go to tar: control characters go over SFTP, and so does a name that starts with a dash,
    /// which a tar older than 1.29 (CentOS 7's 1.26) could take for an option in its list.
    /// </summary>
    public static bool Streamable(string relative) => !relative.Any(char.IsControl) && !relative.StartsWith('-');

    /// <summary>The files asked for so far, by the index <see cref="Next"/> gives.</summary>
    public IReadOnlyList<RemoteTarFile> Files => files;

    /// <summary>The bytes of the files asked for that have not come yet, as the walk saw them.</summary>
    public long Owed => files.BytesFrom(reader.Passed);

    /// <summary>Whether <see cref="EndList"/> was called: nothing more can be asked.</summary>
    public bool ListEnded => listEnded;

    /// <summary>Asks for one more file (it goes with the next <see cref="Send"/>).</summary>
    public void Ask(RemoteTarFile file)
    {
        files.Add(file);
        names.Write(Encoding.UTF8.GetBytes(file.Relative));
        names.WriteByte(0);
    }

    /// <summary>
    /// Gives tar the names asked for since the last call. A channel that cannot take them ends the stream: its
    /// reader meets the end, and the files that did not come are the caller's to fetch over SFTP.
    /// </summary>
    public void Send()
    {
        if (names.Length == 0 || ended is not null)
            return;
        try
        {
            command.Input.Write(names.GetBuffer(), 0, (int)names.Length);
            command.Input.Flush();
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e) || e is InvalidOperationException
            or IOException or NotSupportedException)
        {
            End($"could not be given the names of the files ({e.Message})");
        }
        names.SetLength(0);
    }

    /// <summary>
    /// Sends what is left of the list and its end: tar sends the last files, then its end, and exits. A list of
    /// no file gets one empty name, which tar passes over (SSH.NET sends the end of input only after some input).
    /// </summary>
    public void EndList()
    {
        if (listEnded)
            return;
        if (files.Count == 0)
            names.WriteByte(0);
        Send();
        listEnded = true;
        if (ended is not null)
            return;
        try
        {
            command.EndInput();
        }
        catch (RemoteStreamException e)
        {
            End($"could not be given the end of the list ({e.Message})");
        }
    }

    /// <summary>The next file asked for that the stream holds; null at its end (after <see cref="EndList"/>).</summary>
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

    /// <summary>
    /// A stall is nothing for <see cref="Stall"/> while something is owed: a file asked for, or the end of a list
    /// that was ended. An open list whose files all came owes nothing (tar waits for names), however long.
    /// </summary>
    private void Watch()
    {
        var now = Environment.TickCount64;
        if (!listEnded && reader.Passed >= files.Count && reader.Between)
            owedSince = now;
        else if (now - Math.Max(reader.LastProgress, owedSince) > Stall.TotalMilliseconds)
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
