using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// A command on the node whose stdout and stderr go into streams of the caller's, bounded (a
/// <see cref="BoundedPipeStream"/>, an <see cref="ErrorSink"/>), not SSH.NET's own, which take in all the node sends,
/// however fast it comes.
/// </summary>
internal sealed class RemoteCommand : IDisposable
{
    /// <summary>How long a command whose output has ended may take to send its exit status and close.</summary>
    private static readonly TimeSpan Closing = TimeSpan.FromSeconds(5);

    private readonly SshCommand command;
    private readonly IAsyncResult running;
    private readonly string what;
    private Stream? input;

    private RemoteCommand(SshCommand command, IAsyncResult running, string what)
    {
        this.command = command;
        this.running = running;
        this.what = what;
        input = command.CreateInputStream();
    }

    /// <summary>
    /// Starts <paramref name="text"/> with its output into <paramref name="output"/> and <paramref name="error"/>,
    /// gives it <paramref name="input"/> and ends its input at once, so that a program put in its place that reads
    /// its input ends too.
    /// </summary>
    /// <param name="what">What the command does, for the error: "start the stream".</param>
    /// <exception cref="RemoteStreamException">The node did not start it, or SSH.NET's output streams cannot be
    /// put in place.</exception>
    public static RemoteCommand Start(SshClient client, string text, byte[] input, Stream output, Stream error,
        string what)
    {
        var started = Open(client, text, output, error, what);
        try
        {
            started.Send(input);
        }
        catch (RemoteStreamException)
        {
            started.Dispose();
            throw;
        }
        return started;
    }

    /// <summary>
    /// Starts <paramref name="text"/> as <see cref="Start"/> does, its input left open: the command can be under
    /// way on the node (a fork of sshd, a login shell, the program) before the caller knows what to give it.
    /// </summary>
    /// <exception cref="RemoteStreamException">The node did not start it, or SSH.NET's output streams cannot be
    /// put in place.</exception>
    public static RemoteCommand Open(SshClient client, string text, Stream output, Stream error, string what)
    {
        var command = client.CreateCommand(text);
        try
        {
            Redirect(command, nameof(SshCommand.OutputStream), output);
            Redirect(command, nameof(SshCommand.ExtendedOutputStream), error);
            ChannelWindow.Bound(command);
            return new RemoteCommand(command, command.BeginExecute(), what);
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e)
            || e is InvalidOperationException or MemberAccessException or System.Reflection.TargetException)
        {
            command.Dispose();
            throw new RemoteStreamException($"the node did not {what} ({e.Message})", e);
        }
    }

    /// <summary>
    /// Gives the command <paramref name="bytes"/> and ends its input. They must fit in the node's window for them
    /// (OpenSSH's: 2 MiB): they are written before any output is read.
    /// </summary>
    /// <exception cref="RemoteStreamException">The command's channel is closed (it ended, or the node closed it).
    /// </exception>
    public void Send(byte[] bytes)
    {
        var stdin = input ?? throw new InvalidOperationException("the command's input has ended already");
        input = null;
        try
        {
            // SSH.NET sends the end of input only after some input: one newline, if there is none, which the
            // command never reads.
            using (stdin)
                stdin.Write(bytes.Length > 0 ? (ReadOnlySpan<byte>)bytes : "\n"u8);
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e) || e is ObjectDisposedException)
        {
            throw new RemoteStreamException($"the node did not {what} ({e.Message})", e);
        }
    }

    /// <summary>
    /// Ends a command whose output was read to its end: it is given <see cref="Closing"/> to close its channel
    /// itself, and is cancelled after that.
    /// </summary>
    /// <remarks>
    /// Cancelling at once would send a signal request to a channel the node may be closing: OpenSSH gives a
    /// freed channel's number to the next one, and drops the whole connection when a request names a freed
    /// channel ("server_input_channel_req: unknown channel 0"), which broke the other lane's stream.
    /// </remarks>
    public void Finish()
    {
        if (!running.IsCompleted)
            running.AsyncWaitHandle.WaitOne(Closing);
        Cancel();
    }

    /// <summary>Closes the command's channel, which ends any read waiting on it (an ended one is left).</summary>
    public void Cancel()
    {
        if (running.IsCompleted)
            return;
        try
        {
            command.CancelAsync(forceKill: true, millisecondsTimeout: 0);
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e) || e is InvalidOperationException)
        {
            // The command had ended already.
        }
    }

    public void Dispose()
    {
        try
        {
            input?.Dispose();
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e) || e is ObjectDisposedException
            or InvalidOperationException)
        {
            // The channel had closed already.
        }
        command.Dispose();
    }

    /// <summary>A shell word that holds <paramref name="text"/> as it is.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Puts <paramref name="pipe"/> in place of one of the command's output streams, before it starts: SSH.NET
    /// has no public way to bound them. Should a later SSH.NET lose the setter, nothing is streamed (SFTP).
    /// </summary>
    private static void Redirect(SshCommand command, string property, Stream pipe)
    {
        var setter = typeof(SshCommand).GetProperty(property)?.GetSetMethod(nonPublic: true)
            ?? throw new InvalidOperationException($"SSH.NET's SshCommand.{property} cannot be bounded");
        setter.Invoke(command, [pipe]);
    }
}
