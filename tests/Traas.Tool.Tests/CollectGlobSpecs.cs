using Microsoft.Extensions.FileSystemGlobbing;
using Traas.Tool.Ssh;

namespace Traas.Tool.Tests;

/// <summary>
/// The collect globs against Microsoft.Extensions.FileSystemGlobbing on the same cases: where the
/// library agrees with what README promises, and the two promises it does not keep (`?`, and a bare
/// folder meaning everything under it), which is why collect keeps its own matcher. If a later
/// version of the library keeps them, the last test fails: then switch to it.
/// </summary>
public sealed class CollectGlobSpecs
{
    private static readonly string[] Tree =
    [
        "traas.log", "a.log", "b.txt", "x1.log", "x12.log", "A.LOG", ".dot.log",
        "undercloud/var/log/messages", "undercloud/var/log/nova/api.log", "subnode-1/var/log/a.log", "d/e",
    ];

    public static TheoryData<string, string[]> Agreed => new()
    {
        { "*.log", ["traas.log", "a.log", "x1.log", "x12.log", ".dot.log"] },
        { "**/*.log", ["traas.log", "a.log", "x1.log", "x12.log", ".dot.log", "undercloud/var/log/nova/api.log", "subnode-1/var/log/a.log"] },
        { "**", Tree },
        { "undercloud/**", ["undercloud/var/log/messages", "undercloud/var/log/nova/api.log"] },
        { "*/var/log/*", ["undercloud/var/log/messages", "subnode-1/var/log/a.log"] },
        { "**/nova/*.log", ["undercloud/var/log/nova/api.log"] },
        { "d/e", ["d/e"] },
        { "traas.log", ["traas.log"] },
    };

    public static TheoryData<string, string[]> OursOnly => new()
    {
        { "x?.log", ["x1.log"] },
        { "undercloud", ["undercloud/var/log/messages", "undercloud/var/log/nova/api.log"] },
    };

    [Theory]
    [MemberData(nameof(Agreed))]
    [MemberData(nameof(OursOnly))]
    public void A_collect_glob_matches_what_README_promises(string glob, string[] expected) =>
        Assert.Equal(Sorted(expected), Ours(glob));

    [Theory]
    [MemberData(nameof(Agreed))]
    public void FileSystemGlobbing_agrees_on_star_and_double_star(string glob, string[] expected) =>
        Assert.Equal(Sorted(expected), Library(glob));

    [Theory]
    [MemberData(nameof(OursOnly))]
    public void FileSystemGlobbing_does_not_keep_the_question_mark_nor_the_bare_folder(string glob, string[] expected) =>
        Assert.NotEqual(Sorted(expected), Library(glob));

    [Fact]
    public void A_name_with_a_newline_is_matched_as_any_other_and_only_as_it_is()
    {
        var (_, all) = RemoteGlob.Split("/root/**");
        var (_, logs) = RemoteGlob.Split("/root/*.log");
        var (_, folder) = RemoteGlob.Split("/root/undercloud");

        Assert.Matches(all, "new\nline.log");
        Assert.Matches(logs, "new\nline.log");
        Assert.Matches(folder, "undercloud/a\nb");
        Assert.DoesNotMatch(logs, "a.log\n");
        Assert.DoesNotMatch(folder, "undercloud\n");
    }

    private static string[] Ours(string glob)
    {
        var (root, pattern) = RemoteGlob.Split("/root/" + glob);
        var below = root.TrimEnd('/') == "/root" ? "" : root["/root/".Length..] + "/";
        return Sorted(Tree.Where(f => f.StartsWith(below, StringComparison.Ordinal) && pattern.IsMatch(f[below.Length..])));
    }

    private static string[] Library(string glob)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(glob);
        return Sorted(matcher.Match("/root", Tree.Select(f => "/root/" + f)).Files.Select(f => f.Path));
    }

    private static string[] Sorted(IEnumerable<string> files) => [.. files.Order(StringComparer.Ordinal)];
}
