using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// Files of one folder on the node as one tar stream over an exec channel (`tar -c` of the files the SFTP walk
/// chose, named on the command line and single-quoted for the shell), read by <see cref="RemoteTarReader"/>.
/// A stall, more than a little stderr, or more bytes waiting unread than <see cref="MaxBacklog"/> ends it too:
/// SSH.NET takes in a channel's data as fast as it comes, whatever its reader does.
/// </summary>
internal sealed class RemoteTarStream : IDisposable
{
    /// <summary>As long as an SFTP request may take (the session's OperationTimeout).</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    private const int MaxErrorBytes = 64 * 1024;

    private const long MaxBacklog = 64L * 1024 * 1024;

    private readonly SshCommand command;
    private readonly RemoteTarReader reader;
    private readonly Timer watchdog;
    private readonly CancellationTokenRegistration cancellation;
    private readonly Task errors;
    private string? ended;

    private RemoteTarStream(SshCommand command, IReadOnlyList<RemoteTarFile> files,
        CancellationToken cancellationToken)
    {
        this.command = command;
        reader = new RemoteTarReader(command.OutputStream, files);
        errors = Task.Run(DrainErrors, CancellationToken.None);
        watchdog = new Timer(_ => Watch(), null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        cancellation = cancellationToken.Register(() => End("was cancelled"));
    }

    /// <summary>Starts `tar -c` of <paramref name="files"/> below <paramref name="root"/> on the node.</summary>
    /// <exception cref="RemoteStreamException">The node did not start the stream.</exception>
    public static RemoteTarStream Start(SshClient client, string root, IReadOnlyList<RemoteTarFile> files,
        CancellationToken cancellationToken)
    {
        var command = client.CreateCommand(CommandText(root, files.Select(f => f.Relative)));
        try
        {
            command.BeginExecute();
            // An end of input at once, so that a program put in tar's place that reads its input ends too. SSH.NET
            // sends the end only after some input: one newline, which tar -c never reads.
            using (var input = command.CreateInputStream())
                input.WriteByte((byte)'\n');
            return new RemoteTarStream(command, files, cancellationToken);
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e) || e is InvalidOperationException)
        {
            command.Dispose();
            throw new RemoteStreamException($"the node did not start the stream ({e.Message})", e);
        }
    }

    /// <summary>
    /// tar's command line: GNU format (no PAX headers), every name single-quoted, after `--`, so that no name
    /// is an option; tar's own messages go nowhere.
    /// </summary>
    public static string CommandText(string root, IEnumerable<string> relatives) =>
        $"tar -c -f - --format=gnu -C {Quote(root)} --no-recursion -- {string.Join(' ', relatives.Select(Quote))}"
        + " 2>/dev/null";

    /// <summary>Linux takes a shell command of at most 128 KiB (MAX_ARG_STRLEN): a list longer than this is split.</summary>
    public const int MaxCommandLength = 100 * 1024;

    /// <summary>Whether a name can go on the command line (control characters go over SFTP instead).</summary>
    public static bool Streamable(string relative) => !relative.Any(char.IsControl);

    /// <summary>The next file of the list the stream holds; null at its end.</summary>
    /// <exception cref="RemoteStreamException">The stream broke, was ended, or held what was not asked for.</exception>
    public RemoteTarEntry? Next()
    {
        var entry = Ended(reader.Next);
        return entry is null && ended is not null ? throw new RemoteStreamException($"the stream {ended}") : entry;
    }

    /// <summary>Reads the current file's bytes (0 at its end).</summary>
    /// <exception cref="RemoteStreamException">The stream broke or was ended.</exception>
    public int Read(byte[] buffer) => Ended(() => reader.Read(buffer));

    public void Dispose()
    {
        watchdog.Dispose();
        cancellation.Dispose();
        End("was closed");
        reader.Dispose();
        command.Dispose();
        _ = errors.Exception;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

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

    /// <summary>stderr is read and dropped (tar's own goes to /dev/null): a node that floods it is stopped.</summary>
    private void DrainErrors()
    {
        var buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = command.ExtendedOutputStream.Read(buffer)) > 0)
        {
            if ((total += read) > MaxErrorBytes)
            {
                End($"wrote more than {MaxErrorBytes / 1024} KiB of errors");
                return;
            }
        }
    }

    private void Watch()
    {
        if (Environment.TickCount64 - reader.LastProgress > Stall.TotalMilliseconds)
            End($"stalled: nothing came for {Stall.TotalSeconds:0} s");
        else if (Backlog() > MaxBacklog)
            End($"came faster than it could be written: over {MaxBacklog / 1048576} MiB waited unread");
    }

    private long Backlog()
    {
        try
        {
            return command.OutputStream.Length;
        }
        catch (Exception e) when (e is NotSupportedException or ObjectDisposedException)
        {
            return 0;
        }
    }

    /// <summary>Closes the channel, which ends any read waiting on it.</summary>
    private void End(string why)
    {
        lock (command)
        {
            if (ended is not null)
                return;
            ended = why;
        }
        try
        {
            command.CancelAsync(forceKill: true, millisecondsTimeout: 0);
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e) || e is InvalidOperationException)
        {
            // The command had ended already.
        }
    }
}
