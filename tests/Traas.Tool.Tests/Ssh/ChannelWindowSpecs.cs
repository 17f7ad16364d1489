using Renci.SshNet;
using Traas.Tool.Ssh;

namespace Traas.Tool.Tests.Ssh;

/// <summary>
/// A command's channel has a window of a few MiB (<see cref="ChannelWindow"/>), against a real sshd (the hostile
/// node's, with commands run as asked): a node program that writes to a reader that waits is held back once the
/// window and the reader's pipe are full, not taken in by the node's sshd, and goes on when the reader reads.
/// </summary>
[Collection(HostileNodeCollection.Name)]
public sealed class ChannelWindowSpecs(HostileNode node)
{
    private const int MiB = 1024 * 1024;

    /// <summary>What the node program writes, a MiB at a time: more than the window and the pipe hold together
    /// (8 MiB), less than SSH.NET's own 2 GiB window lets OpenSSH's sshd take in (16 MiB, CHAN_INPUT_MAX).</summary>
    private const int Written = 14;

    [Fact]
    public async Task A_node_writing_to_a_reader_that_waits_is_held_back_within_the_window()
    {
        node.Mode("real");
        var progress = Path.Combine(node.Root, "written");
        File.Delete(progress);
        using var client = new SshClient(new ConnectionInfo("127.0.0.1", HostileNode.Port, Environment.UserName,
            new PrivateKeyAuthenticationMethod(Environment.UserName, new PrivateKeyFile(node.Key))));
        client.HostKeyReceived += (_, e) => e.CanTrust = true;
        await client.ConnectAsync(CancellationToken.None);
        var output = new BoundedPipeStream((int)ChannelWindow.Size);
        var text = $"i=0; while [ $i -lt {Written} ]; do head -c {MiB} /dev/zero; i=$((i+1)); echo $i > {progress}; done";

        using var command = RemoteCommand.Start(client, text, [], output, new ErrorSink(1 << 16, () => { }), "write");
        var held = await SettledAsync(progress);
        long read = 0;
        var buffer = new byte[1 << 16];
        int n;
        while ((n = output.Read(buffer, 0, buffer.Length)) > 0)
            read += n;

        // The window and the pipe, 4 MiB each, a MiB the shell's pipe and the sockets hold, and the MiB on its way.
        Assert.InRange(held, 1, 10);
        Assert.Equal((long)Written * MiB, read);
        Assert.Equal(Written, await SettledAsync(progress));
    }

    /// <summary>The MiB the node program wrote out, once it has not changed for a second (at most 15 s).</summary>
    private static async Task<int> SettledAsync(string progress)
    {
        var last = -1;
        var since = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var now = File.Exists(progress) && int.TryParse(File.ReadAllText(progress).Trim(), out var value) ? value : 0;
            if (now != last)
                (last, since) = (now, DateTime.UtcNow);
            else if (DateTime.UtcNow - since > TimeSpan.FromSeconds(1))
                return now;
            await Task.Delay(100);
        }
        return last;
    }
}
