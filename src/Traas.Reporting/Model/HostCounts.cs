namespace Traas.Reporting.Model;

/// <summary>Per-host counters with PLAY RECAP's meaning: ok includes changed and ignored.</summary>
public sealed record HostCounts(int Ok, int Changed, int Unreachable, int Failed, int Skipped, int Rescued, int Ignored)
{
    public static readonly HostCounts Zero = new(0, 0, 0, 0, 0, 0, 0);

    /// <param name="changed">An ignored failure still counts as changed when its result changed.</param>
    public HostCounts Add(ResultStatus status, bool changed) => status switch
    {
        ResultStatus.Ok => this with { Ok = Ok + 1 },
        ResultStatus.Changed => this with { Ok = Ok + 1, Changed = Changed + 1 },
        ResultStatus.Skipped => this with { Skipped = Skipped + 1 },
        ResultStatus.Failed => this with { Failed = Failed + 1 },
        ResultStatus.Ignored => this with { Ok = Ok + 1, Ignored = Ignored + 1, Changed = Changed + (changed ? 1 : 0) },
        ResultStatus.Rescued => this with { Rescued = Rescued + 1 },
        ResultStatus.Unreachable => this with { Unreachable = Unreachable + 1 },
        _ => this,
    };

    public HostCounts Plus(HostCounts other) => new(Ok + other.Ok, Changed + other.Changed,
        Unreachable + other.Unreachable,
        Failed + other.Failed, Skipped + other.Skipped, Rescued + other.Rescued, Ignored + other.Ignored);

    /// <summary>In PLAY RECAP's own words.</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"ok={Ok} changed={Changed} unreachable={Unreachable} failed={Failed} skipped={Skipped} rescued={Rescued} "
            + $"ignored={Ignored}");
}
