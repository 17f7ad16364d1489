using System.Reflection;

namespace Traas.Tool.Model;

/// <summary>traas-ci's own version, as packed (the informational version without its commit suffix).</summary>
internal static class ToolVersion
{
    public static string Current { get; } =
        typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0.0.0";
}
