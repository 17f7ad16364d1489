namespace Traas.Tool.Ssh;

/// <summary>
/// Decides whether the undercloud's SSH host key is accepted. With a pinned fingerprint only that key
/// is accepted. Without one, the first key seen for a stack is recorded in a file (trust on first
/// use, one record per stack and host) and any other key for that stack is refused, never accepted
/// silently. Fingerprints are OpenSSH's <c>SHA256:base64</c>, with or without the prefix and padding.
/// </summary>
internal sealed class HostKeyPolicy(string knownHostsFile, string? pinnedFingerprint = null)
{
    internal enum Verdict
    {
        Pinned,
        Known,
        FirstUse,
    }

    /// <summary>Accepts the key or throws a <see cref="TraasException"/> that says what to do.</summary>
    public Verdict Check(string stackId, string host, string fingerprint)
    {
        var seen = Normalize(fingerprint);
        if (pinnedFingerprint is not null)
        {
            if (seen == Normalize(pinnedFingerprint))
                return Verdict.Pinned;
            throw new TraasException(ExitCodes.CloudError,
                $"the SSH host key of {host} is SHA256:{seen}, not the pinned "
                    + $"{Display(pinnedFingerprint)}; refusing to connect "
                    + "(check the node, or pin its new fingerprint)");
        }

        var records = Read();
        var recorded = records.FirstOrDefault(r => r.StackId == stackId && r.Host == host);
        if (recorded is not null)
        {
            if (recorded.Fingerprint == seen)
                return Verdict.Known;
            throw new TraasException(ExitCodes.CloudError,
                $"the SSH host key of {host} for stack {stackId} changed from SHA256:"
                    + $"{recorded.Fingerprint} (recorded in {knownHostsFile}) to SHA256:"
                    + $"{seen}; refusing to connect "
                    + "(if the node was rebuilt on purpose, remove its line from that file)");
        }

        records.Add(new Row(stackId, host, seen));
        Write(records);
        return Verdict.FirstUse;
    }

    /// <summary>
    /// Fails at once, before a stack exists, when the record of keys could not be read or kept: its
    /// folder is created and a file written in it and removed.
    /// </summary>
    public void CheckUsable()
    {
        if (pinnedFingerprint is not null)
            return;
        try
        {
            var full = Path.GetFullPath(knownHostsFile);
            if (Directory.Exists(full))
                throw new IOException("it is a folder");
            var folder = Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Unusable("write", e);
        }
        Read();
    }

    internal static string Normalize(string fingerprint)
    {
        var text = fingerprint.Trim();
        if (text.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
            text = text["SHA256:".Length..];
        return text.TrimEnd('=');
    }

    private static string Display(string fingerprint) => $"SHA256:{Normalize(fingerprint)}";

    private List<Row> Read()
    {
        if (!File.Exists(knownHostsFile))
            return [];
        try
        {
            return Parse(File.ReadLines(knownHostsFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable("read", e);
        }
    }

    private List<Row> Parse(IEnumerable<string> lines)
    {
        var rows = new List<Row>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0 || line[0] == '#')
                continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"{knownHostsFile}:{number}: expected '<stack id> <host> SHA256:<fingerprint>', found "
                        + $"{fields.Length} fields; fix or remove that line");
            }
            rows.Add(new Row(fields[0], fields[1], Normalize(fields[2])));
        }
        return rows;
    }

    private void Write(List<Row> rows)
    {
        try
        {
            AtomicFile.WriteAllText(knownHostsFile,
                string.Concat(rows.Select(r => $"{r.StackId} {r.Host} SHA256:{r.Fingerprint}\n")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Unusable("write", e);
        }
    }

    /// <summary>
    /// The record of keys cannot be used: a configuration error (exit 2), which no retry of the
    /// connection and no new stack would mend.
    /// </summary>
    private TraasException Unusable(string verb, Exception e) => new(ExitCodes.BadInput,
        $"cannot {verb} the record of SSH host keys {knownHostsFile} ({e.Message}); give --known-hosts a file "
            + "in a folder traas-ci may write, or pin the key with --host-key");

    private sealed record Row(string StackId, string Host, string Fingerprint);
}
