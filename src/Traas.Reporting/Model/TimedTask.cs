namespace Traas.Reporting.Model;

public sealed record TimedTask(string Task, string Play, double Seconds, long Line);
