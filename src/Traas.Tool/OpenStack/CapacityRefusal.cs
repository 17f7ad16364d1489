namespace Traas.Tool.OpenStack;

/// <summary>
/// Whether a cloud's answer says it has no room (a quota, a limit, no host), not that the request or
/// the node is broken: then the next provider may take the stack, or the same one later.
/// </summary>
internal static class CapacityRefusal
{
    /// <summary>
    /// The texts as the services write them, matched anywhere in a create answer or a resource's reason
    /// (Heat wraps them: "ResourceInError: ... Message: No valid host was found. , Code: 500").
    /// </summary>
    private static readonly string[] Texts =
    [
        // Heat, heat/common/exception.py RequestLimitExceeded with max_stacks_per_tenant (HTTP 400).
        "RequestLimitExceeded",
        "You have reached the maximum stacks per tenant",
        // Nova, nova/exception.py: TooManyInstances "Quota exceeded for %(overs)s: Requested %(req)s, but
        // already used ...", QuotaError "Quota exceeded: code=%(code)s", NoValidHost "No valid host was
        // found. %(reason)s", FloatingIpLimitExceeded, PortLimitExceeded.
        "Quota exceeded for ",
        "Quota exceeded: code=",
        "No valid host was found",
        "Maximum number of floating IPs exceeded",
        "Maximum number of ports exceeded",
        // Neutron, neutron_lib/exceptions: OverQuota "Quota exceeded for resources: %(overs)s." and
        // IpAddressGenerationFailure "No more IP addresses available on network %(net_id)s."
        "Quota exceeded for resources",
        "No more IP addresses available on network",
    ];

    /// <summary>The text that says so, or null when the answer is no capacity refusal.</summary>
    public static string? Find(string? answer) =>
        answer is null ? null : Texts.FirstOrDefault(t => answer.Contains(t, StringComparison.OrdinalIgnoreCase));
}
