using Renci.SshNet;

namespace Traas.Tool.Ssh;

/// <summary>
/// Streams of many files from the node (<see cref="RemoteTarStream"/>), on a second connection of their
/// own: SSH.NET decrypts each connection on its own thread, so the streams and the SFTP session use two
/// cores. A node that cannot stream (no exec, no tar, a second connection refused) is asked once only.
/// </summary>
internal sealed partial class UndercloudSession
{
    private readonly SemaphoreSlim execLock = new(1, 1);
    private SshClient? exec;
    private bool cannotStream;

    /// <summary>
    /// Starts a tar stream of <paramref name="files"/> below <paramref name="root"/>; null when the node
    /// cannot stream (then every file is fetched over SFTP).
    /// </summary>
    /// <exception cref="RemoteStreamException">The node did not start the stream.</exception>
    public async Task<RemoteTarStream?> StreamAsync(string root, IReadOnlyList<RemoteTarFile> files,
        CancellationToken cancellationToken)
    {
        var connection = await ExecAsync(cancellationToken).ConfigureAwait(false);
        return connection is null ? null : RemoteTarStream.Start(connection, root, files, cancellationToken);
    }

    /// <summary>Makes the stream's connection ahead of the first stream (never throws but for a cancel).</summary>
    public Task PrepareStreamingAsync(CancellationToken cancellationToken) => ExecAsync(cancellationToken);

    /// <summary>From now on, nothing is streamed: the node answered a stream with nothing it was asked for.</summary>
    public void StopStreaming() => cannotStream = true;

    private async Task<SshClient?> ExecAsync(CancellationToken cancellationToken)
    {
        await execLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (cannotStream)
                return null;
            if (exec is { IsConnected: true })
                return exec;
            DropExec();
            try
            {
                exec = await ConnectClientAsync(info => new SshClient(info)
                {
                    KeepAliveInterval = TimeSpan.FromSeconds(10),
                }, cancellationToken).ConfigureAwait(false);
                return exec;
            }
            catch (Exception e) when (e is not OperationCanceledException && IsSshFailure(e))
            {
                log.Information("streaming files from the node: a second SSH connection failed ({Reason}); "
                    + "collecting file by file over SFTP", Describe(e));
                cannotStream = true;
                return null;
            }
        }
        finally
        {
            execLock.Release();
        }
    }

    private void DropExec()
    {
        Close(exec);
        exec = null;
    }
}
