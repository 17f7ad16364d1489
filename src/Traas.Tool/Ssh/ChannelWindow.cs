using System.Reflection;
using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// Gives a command's channel a window of a few MiB, not the 2 GiB SSH.NET opens every channel with.
/// </summary>
/// <remarks>
/// <para>
/// The window is what the node may send ahead of what the client has taken. At 2 GiB the node's sshd reads what
/// tar writes into its own memory (OpenSSH buffers up to the peer's window, 16 MiB at most: CHAN_INPUT_MAX), however
/// slowly the client takes it: it grows, faults in and wipes that buffer, which cost it more CPU than encrypting
/// the stream (perf on loopback: a third of both cores, against 3% in libcrypto), and streams had to be cut to
/// 16 MiB each, some 24 of them on a job's 2,000 files, each a fork of sshd, a login shell and tar on the node.
/// With a small window the node's sshd holds at most that much, tar waits for the client, and one stream can
/// carry any number of bytes.
/// </para>
/// <para>
/// SSH.NET has no setting for it (Session.InitialLocalWindowSize is a constant). An SshCommand makes the channel
/// of its first run when it is made, and opens it only when it starts: <see cref="Bound"/> puts SSH.NET's own
/// ChannelSession, made with the smaller window, in its place before that. Should a later SSH.NET lose one of
/// these members, <see cref="Bound"/> throws, and nothing is streamed.
/// </para>
/// </remarks>
internal static class ChannelWindow
{
    /// <summary>
    /// OpenSSH's own session window is 2 MiB; twice that keeps a lane at full speed over a round trip of some
    /// ten milliseconds at 400 MB/s (the window is topped up once less than a packet of it is left).
    /// </summary>
    public const uint Size = 4 * 1024 * 1024;

    /// <summary>SSH.NET's own: the largest data packet it asks the node for.</summary>
    private const uint PacketSize = 64 * 1024;

    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly Lazy<Members> Internals = new(Resolve);

    /// <summary>Gives the channel <paramref name="command"/> opens <see cref="Size"/>; before it starts.</summary>
    /// <exception cref="InvalidOperationException">SSH.NET's internals are not as this was written for.</exception>
    public static void Bound(SshCommand command)
    {
        var members = Internals.Value;
        var session = members.Session.GetValue(command);
        if (!members.SessionType.IsInstanceOfType(session))
            throw Missing("SshCommand._session as a Session");
        if (members.Channel.GetValue(command) is not IDisposable made)
            throw Missing("SshCommand._channel before the command starts");
        var channel = members.NewChannel.Invoke([session, members.NextChannelNumber.GetValue(session), Size,
            PacketSize]);
        members.Channel.SetValue(command, channel);
        // Never opened: its disposal only unhooks it from the session's events.
        made.Dispose();
    }

    private static Members Resolve()
    {
        var sshNet = typeof(SshCommand).Assembly;
        var session = Find("Renci.SshNet.ISession");
        var sessionType = Find("Renci.SshNet.Session");
        return new(sessionType,
            typeof(SshCommand).GetField("_session", Instance) ?? throw Missing("SshCommand._session"),
            typeof(SshCommand).GetField("_channel", Instance) ?? throw Missing("SshCommand._channel"),
            sessionType.GetProperty("NextChannelNumber", Instance) ?? throw Missing("Session.NextChannelNumber"),
            Find("Renci.SshNet.Channels.ChannelSession")
                .GetConstructor(Instance, [session, typeof(uint), typeof(uint), typeof(uint)])
            ?? throw Missing("ChannelSession(ISession, uint, uint, uint)"));

        Type Find(string name) => sshNet.GetType(name) ?? throw Missing(name);
    }

    private static InvalidOperationException Missing(string member) =>
        new($"SSH.NET's {member} is not there to bound the channel's window");

    /// <summary>What is reached of SSH.NET's internals, looked up once.</summary>
    private sealed record Members(Type SessionType, FieldInfo Session, FieldInfo Channel,
        PropertyInfo NextChannelNumber, ConstructorInfo NewChannel);
}
