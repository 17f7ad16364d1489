namespace Traas.Reporting.Model;

/// <summary>What one host's result for one task became, after loop items and `...ignoring` are folded in.</summary>
public enum ResultStatus
{
    Ok,
    Changed,
    Skipped,
    Failed,
    /// <summary>Failed, then `...ignoring`: ansible counts it as ok (and, from 2.8 on, as ignored).</summary>
    Ignored,
    /// <summary>Failed inside a block whose rescue ran: ansible 2.8+ counts it as rescued, not failed.</summary>
    Rescued,
    Unreachable,
}
