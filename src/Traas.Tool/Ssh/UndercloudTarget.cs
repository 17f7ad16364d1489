namespace Traas.Tool.Ssh;

/// <summary>
/// Where the job runs and where it writes: the undercloud's address and port (stack outputs
/// undercloud_floating_ip and undercloud_ssh_port), the SSH user and key, and the paths of the log
/// and exit marker (outputs traas_log and traas_rc).
/// </summary>
internal sealed record UndercloudTarget(string StackId, string Host, int Port, string User, string LogPath,
    string MarkerPath)
{
    public const string DefaultUser = "centos";
    public const string DefaultLogPath = "/home/centos/tripleo-root/traas.log";
    public const string DefaultMarkerPath = "/home/centos/tripleo-root/traas.rc";

    /// <summary>
    /// Reads the target from a stack's outputs; <paramref name="port"/> overrides undercloud_ssh_port.
    /// </summary>
    public static UndercloudTarget FromOutputs(string stackId, IReadOnlyDictionary<string, JsonNode?> outputs,
        string user, int? port)
    {
        var host = Text(outputs, "undercloud_floating_ip");
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new TraasException(ExitCodes.NodeFailure,
                $"stack {stackId} has no undercloud_floating_ip output (outputs: "
                    + $"{string.Join(", ", outputs.Keys)}); the template must give the undercloud's address");
        }
        var outputPort = Text(outputs, "undercloud_ssh_port");
        var sshPort = port
            ?? (int.TryParse(outputPort, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 22);
        return new UndercloudTarget(stackId, host, sshPort, user,
            Text(outputs, "traas_log") ?? DefaultLogPath, Text(outputs, "traas_rc") ?? DefaultMarkerPath);
    }

    public override string ToString() => $"{User}@{Host}:{Port}";

    private static string? Text(IReadOnlyDictionary<string, JsonNode?> outputs, string key) =>
        outputs.GetValueOrDefault(key) is { } value ? value.ToString() : null;
}
