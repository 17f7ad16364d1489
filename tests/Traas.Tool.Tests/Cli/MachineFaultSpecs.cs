using System.Diagnostics;
using Traas.Tool.Model;

namespace Traas.Tool.Tests.Cli;

/// <summary>
/// What the machine gets in the way with (a file where a folder goes, a service that is not there) is one line
/// and a documented exit code, never a stack trace and exit 70, which says traas-ci is at fault.
/// </summary>
public sealed class MachineFaultSpecs : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("traas-machine-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task An_output_folder_that_is_a_file_is_one_line_and_exit_2()
    {
        var file = Path.Combine(_work, "not-a-folder");
        await File.WriteAllTextAsync(file, "a file where the artifacts folder should be");
        var clouds = Path.Combine(_work, "clouds.yaml");
        // Nothing listens there: the folder is made before any cloud is asked.
        await File.WriteAllTextAsync(clouds,
            "clouds:\n  c:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n      username: u\n      password: p\n");
        var key = Path.Combine(_work, "id_ed25519");
        using (var keygen = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!)
        {
            await keygen.WaitForExitAsync();
            Assert.Equal(0, keygen.ExitCode);
        }

        var run = await CliRun.RunAsync(["run", "-t", Path.Combine(TemplateProcessingSpecs.RepoRoot(), "templates",
            "traas.yaml"), "--ssh-key", key, "--os-client-config-file", clouds, "--os-cloud", "c", "-o", file]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(file, line, StringComparison.Ordinal);
        Assert.EndsWith("Check the path and its permissions.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_github_that_does_not_answer_is_one_line_and_exit_3()
    {
        var run = await CliRun.RunAsync(["history", "-o", Path.Combine(_work, "health")],
            environment: new Dictionary<string, string>
            {
                ["GITHUB_API_URL"] = "http://127.0.0.1:9",
                ["GITHUB_REPOSITORY"] = "o/r",
                ["GITHUB_TOKEN"] = "a-token-that-must-not-show",
                ["TRAAS_GITHUB_RETRIES"] = "0",
            });

        Assert.Equal(ExitCodes.CloudError, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("127.0.0.1:9", line, StringComparison.Ordinal);
        Assert.DoesNotContain("a-token-that-must-not-show", run.Stderr + run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
