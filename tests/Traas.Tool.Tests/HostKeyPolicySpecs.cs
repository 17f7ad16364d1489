using Traas.Tool.Model;
using Traas.Tool.Ssh;

namespace Traas.Tool.Tests;

/// <summary>Trust on first use per stack, pinned fingerprints, and never a changed key accepted.</summary>
public sealed class HostKeyPolicySpecs : IDisposable
{
    private const string KeyA = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";
    private const string KeyB = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    private readonly string folder = Directory.CreateTempSubdirectory("traas-hostkeys-").FullName;

    private string File => Path.Combine(folder, "state", "known-hosts");

    [Fact]
    public void The_first_key_of_a_stack_is_recorded_and_then_known_to_a_new_process()
    {
        Assert.Equal(HostKeyPolicy.Verdict.FirstUse, new HostKeyPolicy(File).Check("stack-1", "127.0.0.10", KeyA));

        Assert.Equal(HostKeyPolicy.Verdict.Known, new HostKeyPolicy(File).Check("stack-1", "127.0.0.10", KeyA + "="));
        Assert.Equal($"stack-1 127.0.0.10 {KeyA}", System.IO.File.ReadAllText(File).Trim());
    }

    [Fact]
    public void A_changed_key_for_the_same_stack_is_refused_with_both_fingerprints_and_what_to_do()
    {
        new HostKeyPolicy(File).Check("stack-1", "127.0.0.10", KeyA);

        var error = Assert.Throws<TraasException>(() => new HostKeyPolicy(File).Check("stack-1", "127.0.0.10", KeyB));

        Assert.Equal(ExitCodes.CloudError, error.ExitCode);
        Assert.Contains(KeyA, error.Message, StringComparison.Ordinal);
        Assert.Contains(KeyB, error.Message, StringComparison.Ordinal);
        Assert.Contains("remove its line", error.Message, StringComparison.Ordinal);
        Assert.Single(System.IO.File.ReadAllLines(File));
    }

    [Fact]
    public void A_new_stack_on_a_reused_address_starts_its_own_trust()
    {
        new HostKeyPolicy(File).Check("stack-1", "127.0.0.10", KeyA);

        Assert.Equal(HostKeyPolicy.Verdict.FirstUse, new HostKeyPolicy(File).Check("stack-2", "127.0.0.10", KeyB));
        Assert.Equal(2, System.IO.File.ReadAllLines(File).Length);
    }

    [Fact]
    public void A_pinned_fingerprint_accepts_only_that_key_and_records_nothing()
    {
        var policy = new HostKeyPolicy(File, pinnedFingerprint: KeyA["SHA256:".Length..]);

        Assert.Equal(HostKeyPolicy.Verdict.Pinned, policy.Check("stack-1", "127.0.0.10", KeyA));
        var error = Assert.Throws<TraasException>(() => policy.Check("stack-1", "127.0.0.10", KeyB));
        Assert.Contains("pinned", error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File));
    }

    [Fact]
    public void A_damaged_record_file_is_a_clear_bad_input_error_with_its_line()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        System.IO.File.WriteAllLines(File, ["# traas-ci host keys", "stack-1 127.0.0.10"]);

        var error = Assert.Throws<TraasException>(() => new HostKeyPolicy(File).Check("stack-1", "127.0.0.10", KeyA));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith($"{File}:2:", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
