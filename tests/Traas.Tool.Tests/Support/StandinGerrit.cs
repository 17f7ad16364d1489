namespace Traas.Tool.Tests.Support;

/// <summary>
/// A local stand-in for a Gerrit (traas.sh's GERRIT_URL): the folder standin-gerrit, holding a bare
/// repository per project (standin-gerrit/openstack/tripleo-ci, ...) with the changes where Gerrit
/// keeps them, refs/changes/NN/N/P.
/// </summary>
internal sealed class StandinGerrit
{
    private readonly string _root;

    public StandinGerrit(string folder)
    {
        _root = Path.Combine(folder, "standin-gerrit");
        Directory.CreateDirectory(_root);
    }

    public string Url => new Uri(_root).AbsoluteUri.TrimEnd('/');

    /// <summary>Gerrit's ref of a patchset: NN is the change number's last two digits, zero-padded.</summary>
    public static string ChangeRef(int change, int patchset) => $"refs/changes/{change % 100:D2}/{change}/{patchset}";

    /// <summary>Makes <paramref name="commit"/> (made in <paramref name="source"/>) a patchset of a change.</summary>
    public StandinGerrit Upload(StandinRemote source, string project, int change, int patchset, string commit)
    {
        var bare = Path.Combine(_root, project);
        if (!Directory.Exists(bare))
        {
            Directory.CreateDirectory(bare);
            StandinGit.Run(bare, "init", "-q", "--bare");
        }
        source.Push(commit, ChangeRef(change, patchset), bare);
        return this;
    }
}
