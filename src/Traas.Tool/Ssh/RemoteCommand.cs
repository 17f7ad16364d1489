using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// A command on the node whose stdout and stderr go into pipes of a bounded size (<see cref="BoundedPipeStream"/>),
/// not SSH.NET's own, which take in all the node sends, however fast it comes.
/// </summary>
internal static class RemoteCommand
{
    /// <summary>
    /// Starts <paramref name="text"/> with its output into <paramref name="output"/> and <paramref name="error"/>,
    /// and ends its input at once, so that a program put in its place that reads its input ends too.
    /// </summary>
    /// <param name="what">What the command does, for the error: "start the stream".</param>
    /// <exception cref="RemoteStreamException">The node did not start it, or SSH.NET's output streams cannot be
    /// put in place.</exception>
    public static SshCommand Start(SshClient client, string text, Stream output, Stream error, string what)
    {
        var command = client.CreateCommand(text);
        try
        {
            Redirect(command, nameof(SshCommand.OutputStream), output);
            Redirect(command, nameof(SshCommand.ExtendedOutputStream), error);
            command.BeginExecute();
            // SSH.NET sends the end of input only after some input: one newline, which the command never reads.
            using (var input = command.CreateInputStream())
                input.WriteByte((byte)'\n');
            return command;
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e)
            || e is InvalidOperationException or MemberAccessException or System.Reflection.TargetException)
        {
            command.Dispose();
            throw new RemoteStreamException($"the node did not {what} ({e.Message})", e);
        }
    }

    /// <summary>Closes the command's channel, which ends any read waiting on it (an ended one is left).</summary>
    public static void Cancel(SshCommand command)
    {
        try
        {
            command.CancelAsync(forceKill: true, millisecondsTimeout: 0);
        }
        catch (Exception e) when (UndercloudSession.IsSshFailure(e) || e is InvalidOperationException)
        {
            // The command had ended already.
        }
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
