using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Sftp;
using Serilog;
using Traas.Tool.Model;

namespace Traas.Tool.Ssh;

/// <summary>
/// An SFTP session to the undercloud. Connecting retries (Polly) until the node answers, since it
/// reboots while its user data runs; the host key is checked by <see cref="HostKeyPolicy"/> before
/// anything is sent. A session that drops is thrown away and connected again by the caller.
/// </summary>
internal sealed class UndercloudSession(UndercloudTarget target, PrivateKeyFile key, HostKeyPolicy hostKeys,
    ILogger log) : IDisposable
{
    /// <summary>Refusals of the key in a row before it is taken as the wrong key, not a node still booting.</summary>
    private const int AuthenticationTries = 4;

    private SftpClient? client;

    public UndercloudTarget Target => target;

    /// <summary>The key policy's verdict of the last connection: first use, known or pinned.</summary>
    public HostKeyPolicy.Verdict? LastVerdict { get; private set; }

    /// <summary>Connects, trying again on what a booting node answers, for at most <paramref name="budget"/>.</summary>
    public async Task ConnectAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        Drop();
        var refusals = 0;
        var lastReport = DateTime.MinValue;
        var started = DateTime.UtcNow;
        Exception? lastError = null;
        var pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(new TimeoutStrategyOptions { Timeout = budget })
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(10),
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e =>
                    IsNotAnsweringYet(e) || e is SshAuthenticationException && refusals < AuthenticationTries),
                OnRetry = args =>
                {
                    lastError = args.Outcome.Exception;
                    // Progress on a long wait, without a line per try.
                    if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(30))
                    {
                        log.Information("the undercloud {Target} does not answer yet ({Reason}); "
                            + "trying again for up to {Left:0} more minutes",
                            target, Describe(lastError!),
                            Math.Max(0, (budget - (DateTime.UtcNow - started)).TotalMinutes));
                        lastReport = DateTime.UtcNow;
                    }
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            await pipeline.ExecuteAsync(async token =>
            {
                try
                {
                    await ConnectOnceAsync(token).ConfigureAwait(false);
                }
                catch (SshAuthenticationException)
                {
                    refusals++;
                    throw;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            throw new TraasException(ExitCodes.NodeFailure,
                $"NODE_FAILURE: the undercloud {target} did not answer SSH within "
                    + $"{budget.TotalMinutes:0.#} minutes (last error: "
                    + $"{(lastError is null ? "none" : Describe(lastError))})");
        }
        catch (SshAuthenticationException e)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"the undercloud {target} refused the SSH key {refusals} times ("
                    + $"{e.Message}); give the private key of the stack's key_name with --ssh-key or "
                    + $"{Config.ToolSettings.SshKeyVariable}, and the right --ssh-user");
        }
    }

    /// <summary>Whether a failure is what a node that is booting, rebooting or briefly unreachable answers.</summary>
    public static bool IsNotAnsweringYet(Exception e) => e switch
    {
        // traas-ci's own verdict (a refused host key, a record of keys it cannot write), whatever its cause.
        TraasException => false,
        SocketException or SshConnectionException or SshOperationTimeoutException or ProxyException
            or TimeoutException => true,
        IOException io => io.InnerException is null || IsNotAnsweringYet(io.InnerException),
        ObjectDisposedException => true,
        _ => e.InnerException is not null && IsNotAnsweringYet(e.InnerException),
    };

    /// <summary>
    /// Whether a failure came from the SSH session (the node, the network or the SFTP server), not from traas-ci.
    /// </summary>
    public static bool IsSshFailure(Exception e) => IsNotAnsweringYet(e) || e is SshException;

    /// <summary>
    /// Reads from <paramref name="offset"/> towards the end of the file as it is now, at most
    /// <paramref name="maxBytes"/>, handing each piece to <paramref name="piece"/>; nothing if it does
    /// not exist yet. Only a regular file is opened: a FIFO or a device would never end.
    /// </summary>
    public async Task<long> ReadFromAsync(string path, long offset, long maxBytes, Action<ReadOnlyMemory<byte>> piece,
        CancellationToken cancellationToken)
    {
        if (await RegularFileAsync(path, cancellationToken).ConfigureAwait(false) is null)
            return 0;
        var stream = await Connected.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken)
            .ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[256 * 1024];
            long total = 0;
            int read;
            while (total < maxBytes
                && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes - total)),
                    cancellationToken).ConfigureAwait(false)) > 0)
            {
                piece(buffer.AsMemory(0, read));
                total += read;
            }
            return total;
        }
    }

    /// <summary>
    /// A small file (the exit marker): null when it does not exist, else its first bytes, at most
    /// <paramref name="maxBytes"/> (and whether there was more).
    /// </summary>
    /// <exception cref="RemoteFileException">It is not a regular file.</exception>
    public async Task<(byte[] Bytes, bool More)?> ReadSmallAsync(string path, int maxBytes,
        CancellationToken cancellationToken)
    {
        if (await RegularFileAsync(path, cancellationToken).ConfigureAwait(false) is null)
            return null;
        var stream = await Connected.OpenAsync(path, FileMode.Open, FileAccess.Read, cancellationToken)
            .ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // One byte more than asked for, to know there was more; never the whole file.
            var buffer = new byte[maxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length
                && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)
                    .ConfigureAwait(false)) > 0)
                length += read;
            return (buffer[..Math.Min(length, maxBytes)], length > maxBytes);
        }
    }

    /// <summary>
    /// Copies a regular file to <paramref name="destination"/>, at most <paramref name="maxBytes"/>:
    /// the SFTP server's word on the size is not trusted, the bytes are counted.
    /// </summary>
    /// <returns>
    /// The bytes copied, or null when the file is longer than <paramref name="maxBytes"/>
    /// (the copy is then incomplete).
    /// </returns>
    public async Task<long?> CopyAsync(string path, Stream destination, long maxBytes,
        CancellationToken cancellationToken)
    {
        var attributes = await RegularFileAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new SftpPathNotFoundException($"{path} is gone");
        if (attributes.Size > maxBytes)
            return null;
        long total = 0;
        var copied = await ReadFromAsync(path, 0, maxBytes + 1, piece =>
        {
            total += piece.Length;
            if (total <= maxBytes)
                destination.Write(piece.Span);
        }, cancellationToken).ConfigureAwait(false);
        return copied > maxBytes ? null : copied;
    }

    /// <summary>The attributes of a regular file; null when there is no such file.</summary>
    /// <exception cref="RemoteFileException">It is a FIFO, a device, a socket or a folder.</exception>
    private async Task<SftpFileAttributes?> RegularFileAsync(string path, CancellationToken cancellationToken)
    {
        SftpFileAttributes attributes;
        try
        {
            attributes = await Connected.GetAttributesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }
        if (attributes.IsRegularFile)
            return attributes;
        var kind = attributes.IsNamedPipe ? "a FIFO"
            : attributes.IsCharacterDevice || attributes.IsBlockDevice ? "a device"
            : attributes.IsSocket ? "a socket"
            : attributes.IsDirectory ? "a folder" : "not a regular file";
        throw new RemoteFileException(path, $"is {kind}, not a regular file; it is not read");
    }

    /// <summary>
    /// The regular files under a folder, depth first in name order, with their paths relative to it,
    /// within <paramref name="limits"/> (a hostile tree may never end). Symbolic links, FIFOs,
    /// devices and names that could leave the folder are skipped. A folder that does not exist is
    /// empty (and said so). <paramref name="limitReached"/> hears of the limit reached and where.
    /// </summary>
    public async IAsyncEnumerable<(ISftpFile File, string Relative)> WalkAsync(string folder, WalkLimits limits,
        Action<WalkLimit, string> limitReached, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = 0;
        var pending = new Stack<(string Folder, string Prefix, int Depth)>();
        pending.Push((folder, "", 0));
        while (pending.TryPop(out var current))
        {
            var entries = new List<ISftpFile>();
            try
            {
                var listing = Connected.ListDirectoryAsync(current.Folder, cancellationToken);
                await foreach (var entry in listing.ConfigureAwait(false))
                {
                    // A folder of millions of names is not listed to its end ("." and ".." come too).
                    if (entries.Count > limits.MaxFiles + 2)
                    {
                        limitReached(WalkLimit.Files, $"{current.Prefix}, listed in part");
                        break;
                    }
                    entries.Add(entry);
                }
            }
            catch (SftpPathNotFoundException) when (current.Depth == 0)
            {
                log.Warning("nothing to collect under {Folder}: it does not exist", folder);
                yield break;
            }
            var folders = new List<(string, string, int)>();
            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (!SafeName(entry.Name))
                    continue;
                var relative = current.Prefix + entry.Name;
                if (entry.IsDirectory)
                {
                    if (current.Depth + 1 > limits.MaxDepth)
                    {
                        limitReached(WalkLimit.Depth, relative);
                        yield break;
                    }
                    folders.Add((entry.FullName, relative + "/", current.Depth + 1));
                }
                else if (entry.IsRegularFile)
                {
                    if (++files > limits.MaxFiles)
                    {
                        limitReached(WalkLimit.Files, relative);
                        yield break;
                    }
                    yield return (entry, relative);
                }
            }
            // Pushed in reverse, so that folders are walked in name order.
            for (var i = folders.Count - 1; i >= 0; i--)
                pending.Push(folders[i]);
        }
    }

    /// <summary>
    /// A name of one path element, as a folder listing should give: nothing that climbs out or hides a path.
    /// </summary>
    private static bool SafeName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '\0']) < 0;

    /// <summary>The user's home on the node, where the SFTP session starts.</summary>
    public string WorkingDirectory => Connected.WorkingDirectory;

    /// <summary>Forgets the connection, so that the next call needs <see cref="ConnectAsync"/> again.</summary>
    public void Drop()
    {
        if (client is null)
            return;
        try
        {
            client.Dispose();
        }
        catch (Exception e) when (IsNotAnsweringYet(e))
        {
            log.Debug("closing the dropped SSH session: {Message}", e.Message);
        }
        client = null;
    }

    public void Dispose() => Drop();

    private SftpClient Connected => client is { IsConnected: true } connected
        ? connected
        : throw new SshConnectionException("the SSH session to the undercloud is not connected");

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        TraasException? refused = null;
        var info = new ConnectionInfo(target.Host, target.Port, target.User,
            new PrivateKeyAuthenticationMethod(target.User, key))
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
        var candidate = new SftpClient(info)
        {
            KeepAliveInterval = TimeSpan.FromSeconds(10),
            OperationTimeout = TimeSpan.FromSeconds(60),
        };
        candidate.HostKeyReceived += (_, e) =>
        {
            try
            {
                LastVerdict = hostKeys.Check(target.StackId, HostName, e.FingerPrintSHA256);
                e.CanTrust = true;
            }
            catch (TraasException rejected)
            {
                refused = rejected;
                e.CanTrust = false;
            }
        };
        try
        {
            await candidate.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (refused is not null)
        {
            candidate.Dispose();
            throw refused;
        }
        catch
        {
            candidate.Dispose();
            throw;
        }
        client = candidate;
    }

    /// <summary>The host as the record of keys names it: OpenSSH's [host]:port when the port is not 22.</summary>
    private string HostName => target.Port == 22 ? target.Host : $"[{target.Host}]:{target.Port}";

    private static string Describe(Exception e) => e switch
    {
        SocketException socket => socket.SocketErrorCode.ToString(),
        _ => e.Message,
    };
}
