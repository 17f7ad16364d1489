using Traas.Tool.Ssh;

namespace Traas.Tool.Commands;

/// <summary>
/// The checks of option values that more than one verb makes, each failing with one line that names the option,
/// the value and what to give (exit 2). The verbs make them before anything else, so that a bad value costs no
/// cloud call and no stack.
/// </summary>
internal static partial class OptionChecks
{
    /// <summary>Minutes above 0 (or from 0), at most a week: what a run state accepts too.</summary>
    public static void Minutes(string option, double minutes, bool zero = false)
    {
        if ((minutes > 0 || (zero && minutes == 0)) && minutes <= RunState.MaxTimeoutMinutes)
            return;
        throw new TraasException(ExitCodes.BadInput,
            $"{option} {minutes.ToString(CultureInfo.InvariantCulture)}: give a number of minutes "
                + (zero ? "from 0" : "above 0") + $", at most {RunState.MaxTimeoutMinutes} (a week)");
    }

    /// <summary>Whole minutes from 1, at most a week (Heat's timeout_mins; 0 would be Heat's own default).</summary>
    public static void WholeMinutes(string option, int minutes)
    {
        if (minutes is < 1 or > (int)RunState.MaxTimeoutMinutes)
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{option} {minutes}: give a whole number of minutes from 1 to {RunState.MaxTimeoutMinutes} (a week)");
        }
    }

    /// <summary>
    /// A name Heat takes for a new stack: its engine refuses any other with 400 (heat/engine/stack.py,
    /// <c>re.match("[a-zA-Z][a-zA-Z0-9_.-]*$", name)</c>), but only after the cloud has been asked.
    /// </summary>
    public static void StackName(string name)
    {
        if (!HeatStackName().IsMatch(name))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"stack name '{name}': Heat takes a name that starts with a letter and holds only letters, digits, "
                    + "'_', '-' and '.'; choose another");
        }
    }

    /// <summary>A TCP port.</summary>
    public static void Port(string option, int port)
    {
        if (port is < 1 or > 65535)
            throw new TraasException(ExitCodes.BadInput, $"{option} {port}: give a port from 1 to 65535");
    }

    /// <summary>
    /// An OpenSSH SHA256 fingerprint, as <see cref="HostKeyPolicy"/> compares it: 32 bytes in base64 (43
    /// characters unpadded), with or without <c>SHA256:</c> and the padding. Anything else could never match.
    /// </summary>
    public static void HostKey(string option, string fingerprint)
    {
        if (!Fingerprint().IsMatch(HostKeyPolicy.Normalize(fingerprint)))
        {
            throw new TraasException(ExitCodes.BadInput,
                $"{option} {fingerprint}: give the host key's SHA256 fingerprint as `ssh-keygen -lf` prints it "
                    + "(SHA256: and 43 base64 characters)");
        }
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.-]*\z")]
    private static partial Regex HeatStackName();

    // 43 base64 characters are 258 bits; the last one carries 2 unused bits, so it is one of 16.
    [GeneratedRegex(@"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]\z")]
    private static partial Regex Fingerprint();
}
