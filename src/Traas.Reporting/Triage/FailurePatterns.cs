namespace Traas.Reporting.Triage;

/// <summary>
/// The shipped failure patterns, in our own words, drawn from what TripleO's CI tools looked for
/// (sova's tagged patterns, elastic-recheck's queries) and from the texts OpenStack, dnf/yum, pip,
/// git and the container tools print. Infra covers what running again on another day or another
/// cloud would fix: capacity and quotas, unreachable nodes, DNS and the network, package mirrors
/// and indexes, registries and image pulls, full disks, memory, and the job killed by a timeout.
/// Job covers the deployment's own errors. Info says that a failure happened, not why.
/// </summary>
public static class FailurePatterns
{
    private const string Tripleo = "https://docs.openstack.org/tripleo-docs/latest/";

    /// <summary>The shipped set, in the order a tie is settled (the first of a class wins).</summary>
    public static IReadOnlyList<FailurePattern> Shipped { get; } =
    [
        // Capacity: the cloud has no room for the stack.
        Infra("No valid host (cloud capacity)",
            @"No valid host was found|Exceeded maximum number of retries\. Exhausted all hosts"
            + @"|There are not enough hosts available"),
        Infra("Cloud quota exceeded",
            @"Quota exceeded for|OverQuota|exceeded for quota|Maximum number of [a-z ]+ exceeded"
            + @"|You have reached the maximum stacks per tenant|Quota exceeded, too many"),
        Infra("Node unreachable",
            @"UNREACHABLE!|Failed to connect to the host via ssh|RESULT_UNREACHABLE"
            + @"|ssh: connect to host \S+ port [0-9]+: (Connection timed out|No route to host)",
            "https://docs.ansible.com/ansible/latest/collections/ansible/builtin/ssh_connection.html"),
        Infra("DNS resolution failed",
            @"Could not resolve host|Temporary failure in name resolution|Name or service not known"
            + @"|unable to resolve host address|fatal: unable to look up|Could not resolve hostname"),
        Infra("Network unreachable",
            @"Network is unreachable|No route to host"),
        Infra("Package mirror unavailable",
            @"Cannot find a valid baseurl for repo|Failed to download metadata for repo"
            + @"|Errors during downloading metadata for repository|Cannot download repomd\.xml"
            + @"|All mirrors were tried|No more mirrors to try|Failed to synchronize cache for repo"
            + @"|Failed to connect to trunk\.rdoproject\.org",
            Tripleo + "repositories.html"),
        Infra("Package download failed",
            @"Error downloading packages|Failed to download packages|Curl error \([0-9]+\): .* for "),
        Infra("Python package index unavailable",
            @"No matching distribution found for|Could not find a version that satisfies the requirement"
            + @"|Retrying \(Retry\(total=[0-9]+.*after connection broken by"
            + @"|Could not fetch URL https?://\S*(pypi|/simple)"),
        Infra("Container image pull failed",
            @"Error pulling image|Pulling image failed|ImageNotFoundException|manifest unknown"
            + @"|Error: initializing source docker://|Error: unable to pull|error pulling image"
            + @"|Image prepare failed",
            Tripleo + "deploy/containers_deployment/overcloud.html"),
        Infra("Container registry rate limit",
            @"toomanyrequests|429 Client Error: Too Many Requests|ImageRateLimitedException"
            + @"|You have reached your pull rate limit",
            "https://docs.docker.com/docker-hub/usage/pulls/"),
        Infra("Container registry refused the login",
            @"""code"":""UNAUTHORIZED""|unauthorized: authentication required|invalid checksum digest format"),
        Infra("Disk full",
            @"No space left on device|doesn't have enough disk space|Disk quota exceeded",
            Tripleo + "install/environments/baremetal.html"),
        Infra("Out of memory",
            @"Cannot allocate memory|Out of memory: Kill(ed)? process|oom-kill|invoked oom-killer",
            Tripleo + "install/environments/virtual.html"),
        Infra("Job killed by timeout",
            @"exit (code|status)[:= ]*143\b|exited with (code|status) 143\b|exit_value=143\b|returned 143\b"
            + @"|""rc"": 143\b|Killed\s+timeout -s 9|RESULT_TIMED_OUT|FAILED with status: 1(37|43)\b"),
        Infra("Git remote hung up",
            @"fatal: The remote end hung up unexpectedly|fatal: early EOF|error: RPC failed; curl"),
        Infra("Proxy or gateway timeout", @"504 Gateway Time-?out"),
        Infra("Heat stack timed out", @"Stack ""?overcloud""? .*[Tt]imed out|CREATE aborted \(Timed out\)"),
        Infra("Baremetal power control failed",
            @"IPMI call failed|Timeout reached while waiting for callback for node|Failed to get power state"),
        Infra("Virtual baremetal environment failed",
            @"Failed creating OVB stack|Failed to create stack baremetal|Couldn't retrieve env"),

        Job("Puppet error", @"Error: .*(/Stage\[main\]|Puppet::|Evaluation Error)"),
        Job("Deployment exited non-zero", @"Deployment exited with non-zero status code: [0-9]+"),
        Job("Ansible run failed",
            @"Ansible failed, check log at|Ansible execution failed|Found ansible errors for"),
        Job("Messaging timeout", @"MessagingTimeout: Timed out waiting for a reply"),
        Job("Container healthcheck failed", @"Failed healthcheck of|healthcheck .*unhealthy"),
        Job("Tempest test failed", @"\[[0-9.]+s\] \.\.\. FAILED$"),

        Info("Overcloud stack failed",
            @"Stack overcloud (CREATE|UPDATE)_FAILED|Heat Stack (create|update) failed",
            Tripleo + "troubleshooting/troubleshooting-overcloud.html"),
        Info("Overcloud deploy failed",
            @"""overcloud_deploy_result"": ""failed""|Overcloud configuration failed|Deployment Failed!"),
    ];

    /// <summary>
    /// A user's patterns (a fingerprints file) first, then the shipped ones whose names they do not take.
    /// </summary>
    public static IReadOnlyList<FailurePattern> Extend(IEnumerable<FailurePattern> user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var own = user.ToList();
        var names = own.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. own, .. Shipped.Where(p => !names.Contains(p.Name))];
    }

    private static FailurePattern Infra(string name, string regex, string? url = null) =>
        FailurePattern.Shipped(name, regex, FailureClass.Infra, url);

    private static FailurePattern Job(string name, string regex, string? url = null) =>
        FailurePattern.Shipped(name, regex, FailureClass.Job, url);

    private static FailurePattern Info(string name, string regex, string? url = null) =>
        FailurePattern.Shipped(name, regex, FailureClass.Info, url);
}
