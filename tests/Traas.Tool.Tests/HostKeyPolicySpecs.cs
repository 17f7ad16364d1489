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

    [Fact]
    public void A_record_file_whose_folder_is_a_file_is_a_configuration_error_not_a_node_failure()
    {
        var blocker = Path.Combine(folder, "state");
        System.IO.File.WriteAllText(blocker, "not a folder");

        var error = Assert.Throws<TraasException>(() => new HostKeyPolicy(File).Check("stack-1", "127.0.0.10", KeyA));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith($"cannot write the record of SSH host keys {File} (", error.Message, StringComparison.Ordinal);
        Assert.Contains("give --known-hosts a file in a folder traas-ci may write, or pin the key with --host-key",
            error.Message, StringComparison.Ordinal);
        Assert.False(UndercloudSession.IsNotAnsweringYet(error));
    }

    [Fact]
    public void A_record_file_that_is_a_folder_is_a_configuration_error()
    {
        Directory.CreateDirectory(File);

        var error = Assert.Throws<TraasException>(() => new HostKeyPolicy(File).Check("stack-1", "127.0.0.10", KeyA));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains($"the record of SSH host keys {File}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_file_where_nothing_may_be_written_is_a_configuration_error()
    {
        // /proc refuses new files and folders even to root, as a read-only file system does.
        const string readOnly = "/proc/traas-ci-host-keys/known_hosts";

        var error = Assert.Throws<TraasException>(() => new HostKeyPolicy(readOnly).Check("stack-1", "127.0.0.10", KeyA));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(readOnly, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_that_cannot_be_kept_is_found_before_a_stack_exists()
    {
        System.IO.File.WriteAllText(Path.Combine(folder, "state"), "not a folder");

        var error = Assert.Throws<TraasException>(() => new HostKeyPolicy(File).CheckUsable());

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains($"the record of SSH host keys {File}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_usable_record_is_left_as_it_is_by_the_check()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        System.IO.File.WriteAllLines(File, ["# traas-ci host keys", $"stack-1 127.0.0.10 {KeyA}"]);

        new HostKeyPolicy(File).CheckUsable();
        new HostKeyPolicy(Path.Combine(folder, "new", "known_hosts")).CheckUsable();

        Assert.Equal(["# traas-ci host keys", $"stack-1 127.0.0.10 {KeyA}"], System.IO.File.ReadAllLines(File));
        Assert.Single(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(File)!));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(folder, "new")));
    }

    [Fact]
    public void An_empty_record_path_is_a_configuration_error()
    {
        var error = Assert.Throws<TraasException>(() => new HostKeyPolicy("").Check("stack-1", "127.0.0.10", KeyA));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }

    [Fact]
    public void Traas_cis_own_verdicts_are_never_taken_for_a_node_that_does_not_answer_yet()
    {
        // The connect retries what a booting node answers (sockets, I/O, timeouts); a TraasException,
        // whatever caused it, ends the connect at once with its own exit code.
        Assert.False(UndercloudSession.IsNotAnsweringYet(
            new TraasException(ExitCodes.BadInput, "no record", new IOException("read-only file system"))));
        Assert.False(UndercloudSession.IsNotAnsweringYet(new IOException("wrapped",
            new TraasException(ExitCodes.BadInput, "no record"))));
        Assert.True(UndercloudSession.IsNotAnsweringYet(new IOException("connection reset")));
        Assert.True(UndercloudSession.IsNotAnsweringYet(new System.Net.Sockets.SocketException(111)));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
