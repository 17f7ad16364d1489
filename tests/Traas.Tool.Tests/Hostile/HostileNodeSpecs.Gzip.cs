using Traas.Tool.Model;

namespace Traas.Tool.Tests.Hostile;

/// <summary>
/// Collected gzip files through the real sshd and tar, streamed and over SFTP: a real TripleO log compressed by
/// gzip(1) comes back masked as the same log uncompressed does, one with nothing to mask byte for byte, and one that
/// must be masked but is cut off is left out with a warning that names it (the collect is then incomplete); so do
/// tarballs that GNU tar packs, member by member.
/// </summary>
public sealed partial class HostileNodeSpecs
{
    [Fact]
    public async Task Gzip_logs_come_back_masked_as_the_plain_log_does_and_a_cut_off_one_is_left_out()
    {
        node.Mode("real");
        Log("done\n");
        var tree = Directory.CreateDirectory(Path.Combine(node.Root, "tree")).FullName;
        // A deploy log with passwords in it (as OS_PASSWORD=... and "password": ...), and one without.
        var secrets = await File.ReadAllBytesAsync(CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-passed.log"));
        var clean = await File.ReadAllBytesAsync(CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-ansible-failed.log"));
        var secretsGz = RealTool.Run("gzip", ["-c"], secrets);
        var cleanGz = RealTool.Run("gzip", ["-c"], clean);
        await File.WriteAllBytesAsync(Path.Combine(tree, "plain.log"), secrets);
        await File.WriteAllBytesAsync(Path.Combine(tree, "deploy.log.txt.gz"), secretsGz);
        // A name with a dash first comes over SFTP, not in the tar stream.
        await File.WriteAllBytesAsync(Path.Combine(tree, "-sftp.log.txt.gz"), secretsGz);
        await File.WriteAllBytesAsync(Path.Combine(tree, "clean.log.txt.gz"), cleanGz);
        await File.WriteAllBytesAsync(Path.Combine(tree, "cut.log.txt.gz"), secretsGz[..(secretsGz.Length * 3 / 4)]);

        var run = await TraasAsync(["collect", "--state", State()], seconds: 120);

        AssertBounded(run, ExitCodes.PostFailure, 120);
        Assert.True(run.Stderr.Contains("cut.log.txt.gz is left out, as its text could not be masked: it does not end "
            + "as gzip ends", StringComparison.Ordinal), run.Stderr);
        var logs = Path.Combine(work, "logs");
        var masked = await File.ReadAllBytesAsync(Path.Combine(logs, "plain.log"));
        Assert.NotEqual(secrets, masked);
        Assert.Equal(masked, RealTool.Run("gzip", ["-dc"], await File.ReadAllBytesAsync(Path.Combine(logs,
            "deploy.log.txt.gz"))));
        Assert.Equal(masked, RealTool.Run("gzip", ["-dc"], await File.ReadAllBytesAsync(Path.Combine(logs,
            "-sftp.log.txt.gz"))));
        Assert.Equal(cleanGz, await File.ReadAllBytesAsync(Path.Combine(logs, "clean.log.txt.gz")));
        Assert.Equal(["-sftp.log.txt.gz", "clean.log.txt.gz", "deploy.log.txt.gz", "plain.log"],
            Directory.GetFiles(logs).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tarballs_come_back_with_their_members_masked_and_one_that_cannot_be_read_through_is_left_out()
    {
        node.Mode("real");
        Log("done\n");
        var tree = Directory.CreateDirectory(Path.Combine(node.Root, "tree")).FullName;
        var etc = Directory.CreateDirectory(Path.Combine(work, "etc")).FullName;
        var secrets = await File.ReadAllBytesAsync(CliRun.RealLogPath("tripleo-osp16-overcloud-deploy-passed.log"));
        await File.WriteAllBytesAsync(Path.Combine(tree, "plain.log"), secrets);
        await File.WriteAllBytesAsync(Path.Combine(etc, "deploy.log"), secrets);
        RealTool.Run("tar", ["-czf", Path.Combine(tree, "etc.tar.gz"), "-C", etc, "deploy.log"], []);
        // A name with a dash first comes over SFTP, not in the tar stream.
        RealTool.Run("tar", ["-cf", Path.Combine(tree, "-etc.tar"), "-C", etc, "deploy.log"], []);
        using (var sparse = File.Create(Path.Combine(etc, "a-disk.img")))
        {
            sparse.SetLength(1 << 20);
            sparse.Write("end"u8);
        }
        RealTool.Run("tar", ["-czSf", Path.Combine(tree, "disk.tgz"), "-C", etc, "a-disk.img", "deploy.log"], []);

        var run = await TraasAsync(["collect", "--state", State()], seconds: 120);

        AssertBounded(run, ExitCodes.PostFailure, 120);
        Assert.True(run.Stderr.Contains("disk.tgz is left out, as its text could not be masked: it is not a whole tar",
            StringComparison.Ordinal), run.Stderr);
        var logs = Path.Combine(work, "logs");
        var masked = await File.ReadAllBytesAsync(Path.Combine(logs, "plain.log"));
        Assert.NotEqual(secrets, masked);
        Assert.Equal(masked, RealTool.Run("tar", ["-xzOf", Path.Combine(logs, "etc.tar.gz"), "deploy.log"], []));
        Assert.Equal(masked, RealTool.Run("tar", ["-xOf", Path.Combine(logs, "-etc.tar"), "deploy.log"], []));
        Assert.Equal(["-etc.tar", "etc.tar.gz", "plain.log"],
            Directory.GetFiles(logs).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
