namespace Traas.Tool.Model;

/// <summary>What templates/scripts/traas.sh says to traas-ci besides the job's own log and status.</summary>
internal static class TraasScript
{
    /// <summary>
    /// traas.sh's status when the job could not start as configured (a ref without toci_gate_test.sh, a change
    /// that does not apply).
    /// </summary>
    public const int ConfigurationErrorStatus = 87;

    /// <summary>The start of traas.sh's one line that says what is misconfigured and what to do.</summary>
    public const string ConfigurationErrorPrefix = "traas: configuration error: ";
}
