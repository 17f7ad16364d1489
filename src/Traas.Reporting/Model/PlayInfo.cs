namespace Traas.Reporting.Model;

/// <summary>A PLAY banner and the playbook run it belongs to.</summary>
public sealed record PlayInfo(int Index, int RunIndex, string Name, long Line);
