using System.Diagnostics;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// A clouds.yaml whose Keystone nobody listens at (127.0.0.1:9) and a real key: a line that gets past the
/// checks of its input reaches for the cloud at once and says it "cannot reach" it, so a spec that never sees
/// that knows the line was refused before any cloud call.
/// </summary>
internal sealed class UnreachableCloud : IDisposable
{
    public const string CannotReach = "cannot reach";

    private readonly string _dir = Directory.CreateTempSubdirectory("traas-unreachable-").FullName;

    public UnreachableCloud()
    {
        CloudsFile = Path.Combine(_dir, "clouds.yaml");
        File.WriteAllText(CloudsFile,
            "clouds:\n  c:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n      username: u\n      password: p\n");
        Key = Path.Combine(_dir, "id_ed25519");
        Keygen(["-q", "-t", "ed25519", "-N", "", "-f", Key]);
        KeyFingerprint = Keygen(["-l", "-f", Key + ".pub"]).Split(' ')[1];
    }

    public string CloudsFile { get; }

    public string Key { get; }

    /// <summary>The key's fingerprint as `ssh-keygen -lf` prints it (SHA256:...).</summary>
    public string KeyFingerprint { get; }

    public string Out => Path.Combine(_dir, "out");

    /// <summary>The options that point a verb at the cloud (one try, no retries, so that a miss is quick).</summary>
    public string[] CloudArgs => ["--os-client-config-file", CloudsFile, "--os-cloud", "c"];

    /// <summary>`run` with the repository's template, the key and an artifacts folder of its own.</summary>
    public string[] RunArgs =>
        ["run", "-t", Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates", "traas.yaml"), "--ssh-key", Key,
            "-o", Out, .. CloudArgs];

    public static IReadOnlyDictionary<string, string> Environment { get; } =
        new Dictionary<string, string> { ["TRAAS_RETRIES"] = "0" };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Keygen(string[] args)
    {
        using var keygen = Process.Start(new ProcessStartInfo("ssh-keygen", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = keygen.StandardOutput.ReadToEnd();
        keygen.WaitForExit();
        return keygen.ExitCode == 0 ? output : throw new InvalidOperationException($"ssh-keygen {args[0]} failed");
    }
}
