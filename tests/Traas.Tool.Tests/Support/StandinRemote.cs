namespace Traas.Tool.Tests.Support;

/// <summary>
/// A local git remote standing in for one of the opendev repositories traas.sh clones (a file:// URL,
/// so no network): the bare repository standin-NAME.git, and a work tree beside it where the test
/// makes the commits it then pushes there, or to a <see cref="StandinGerrit"/>.
/// </summary>
internal sealed class StandinRemote
{
    private readonly string _work;

    private StandinRemote(string bare, string work)
    {
        BarePath = bare;
        _work = work;
    }

    public string BarePath { get; }

    public string Url => new Uri(BarePath).AbsoluteUri;

    public static StandinRemote Create(string folder, string name)
    {
        var remote = new StandinRemote(Path.Combine(folder, $"standin-{name}.git"),
            Path.Combine(folder, $"standin-{name}-work"));
        Directory.CreateDirectory(remote.BarePath);
        Directory.CreateDirectory(remote._work);
        StandinGit.Run(remote.BarePath, "init", "-q", "--bare");
        StandinGit.Run(remote._work, "init", "-q", "--initial-branch=master");
        return remote;
    }

    public StandinRemote Write(string path, string text, bool executable = false)
    {
        var file = Path.Combine(_work, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("traas.sh and its stand-ins need a Unix file mode");
        const UnixFileMode run = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(file);
        File.SetUnixFileMode(file, executable ? mode | run : mode & ~run);
        return this;
    }

    public StandinRemote Delete(string path)
    {
        StandinGit.Run(_work, "rm", "-q", path);
        return this;
    }

    /// <returns>The new commit's ID.</returns>
    public string Commit(string message)
    {
        StandinGit.Run(_work, "add", "-A");
        StandinGit.Run(_work, "commit", "-q", "--allow-empty", "-m", message);
        return StandinGit.Run(_work, "rev-parse", "HEAD");
    }

    /// <summary>Puts the work tree back at <paramref name="commit"/>, for a commit beside the others.</summary>
    public StandinRemote At(string commit)
    {
        StandinGit.Run(_work, "checkout", "-q", "--detach", commit);
        return this;
    }

    public StandinRemote Push(string commit, string refName, string? toBareRepository = null)
    {
        StandinGit.Run(_work, "push", "-q", toBareRepository ?? BarePath, $"{commit}:{refName}");
        return this;
    }
}
