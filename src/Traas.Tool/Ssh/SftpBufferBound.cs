using System.Reflection;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Traas.Tool.Ssh;

/// <summary>
/// Holds the SFTP server to packets of a sane size: past <see cref="MaxBytes"/> held for one packet, the session is
/// stopped with a <see cref="SftpPacketException"/>.
/// </summary>
/// <remarks>
/// <para>
/// SSH.NET's SftpSession keeps a packet's bytes until as many have come as its first four bytes say, whatever
/// they say: a server that says 2 GiB and then sends without end makes it grow that buffer until the process dies
/// of an OutOfMemoryException (HostileNodeSpecs, huge-packet: 4 GiB in 30 s). The channel's window does not bound
/// it, as SSH.NET takes the bytes off the channel into that buffer. SSH.NET has no limit for it, and no word of
/// the packet's length: after each piece of channel data (this handler runs after SftpSession's own), the size of
/// the buffer it holds is looked at instead, which is exact however the server framed what it sent.
/// </para>
/// <para>
/// The exception ends SSH.NET's message loop (Session.MessageListener), so nothing more is read, and SSH.NET hands
/// it to every SFTP call waiting. Should a later SSH.NET lose one of these members, <see cref="Bound"/> throws, and
/// nothing is read over SFTP.
/// </para>
/// </remarks>
internal sealed class SftpBufferBound
{
    /// <summary>
    /// Far above what an honest server's packets need here (a read answers 64 KiB; OpenSSH's sftp-server sends at
    /// most 256 KiB, SFTP_MAX_MSG_LENGTH), far below what would hurt.
    /// </summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly Lazy<Members> Internals = new(Resolve);

    private readonly object session;
    private readonly Members members;

    private SftpBufferBound(object session, Members members)
    {
        this.session = session;
        this.members = members;
    }

    /// <summary>Bounds what the connected <paramref name="client"/>'s SFTP session holds for one packet.</summary>
    /// <exception cref="InvalidOperationException">SSH.NET's internals are not as this was written for.</exception>
    public static void Bound(SftpClient client)
    {
        var members = Internals.Value;
        var session = members.Session.GetValue(client) ?? throw Missing("SftpClient._sftpSession once connected");
        if (!members.SessionType.IsInstanceOfType(session))
            throw Missing("SftpClient._sftpSession as an SftpSession");
        var channel = members.Channel.GetValue(session) ?? throw Missing("SubsystemSession._channel once connected");
        var received = channel.GetType().GetEvent("DataReceived", Instance)
            ?? throw Missing("Channel.DataReceived");
        var bound = new SftpBufferBound(session, members);
        // The handler takes EventArgs: its arguments' type, ChannelDataEventArgs, is SSH.NET's own.
        received.AddEventHandler(channel, Delegate.CreateDelegate(received.EventHandlerType!, bound,
            typeof(SftpBufferBound).GetMethod(nameof(Check), Instance)!));
    }

    private void Check(object? sender, EventArgs e)
    {
        var held = (int)members.Capacity.GetValue(members.Buffer.GetValue(session))!;
        if (held > MaxBytes)
            throw new SftpPacketException(held);
    }

    private static Members Resolve()
    {
        var sshNet = typeof(SftpClient).Assembly;
        var sessionType = Find("Renci.SshNet.Sftp.SftpSession");
        var buffer = sessionType.GetField("_buffer", Instance) ?? throw Missing("SftpSession._buffer");
        return new(sessionType,
            typeof(SftpClient).GetField("_sftpSession", Instance) ?? throw Missing("SftpClient._sftpSession"),
            Find("Renci.SshNet.SubsystemSession").GetField("_channel", Instance)
                ?? throw Missing("SubsystemSession._channel"),
            buffer,
            buffer.FieldType.GetProperty("Capacity", Instance) is { PropertyType: var type } capacity
                && type == typeof(int) ? capacity : throw Missing("ArrayBuffer.Capacity"));

        Type Find(string name) => sshNet.GetType(name) ?? throw Missing(name);
    }

    private static InvalidOperationException Missing(string member) =>
        new($"SSH.NET's {member} is not there to bound what the SFTP session holds");

    /// <summary>What is reached of SSH.NET's internals, looked up once.</summary>
    private sealed record Members(Type SessionType, FieldInfo Session, FieldInfo Channel, FieldInfo Buffer,
        PropertyInfo Capacity);
}

/// <summary>The SFTP server sent a packet larger than traas-ci holds: the node's doing.</summary>
internal sealed class SftpPacketException(int held) : SshException(
    $"the SFTP server sent a packet of more than {SftpBufferBound.MaxBytes / 1048576} MiB ({held} bytes held for "
    + "it so far); the node's SFTP server is not one to read logs from");
