using System.Text.RegularExpressions;
using Traas.Tool.GitHub;

namespace Traas.Tool.Tests.GitHub;

/// <summary>Text from the log reads the same on GitHub but notifies and links nobody.</summary>
public sealed partial class MentionsSpecs
{
    private const char J = Mentions.WordJoiner;

    [Theory]
    [InlineData("ping @alice now", "ping @\u2060alice now")]
    [InlineData("cc @openstack/tripleo-core", "cc @\u2060openstack/tripleo-core")]
    [InlineData("fixes #123.", "fixes #\u2060123.")]
    [InlineData("see openstack/tripleo-ci#45", "see openstack/tripleo-ci#\u206045")]
    [InlineData("GH-12 and gh-13", "GH-\u206012 and gh-\u206013")]
    [InlineData("mail root@example.org", "mail root@\u2060example.org")]
    [InlineData("at alice@0123abc", "at alice@\u20600123abc")]
    [InlineData("entities &#64;bob &#x40;carol &commat;dave &#35;7 &num;8", "entities &#\u206064;bob &#x40;\u2060carol &commat;\u2060dave &#\u206035;7 &num;\u20608")]
    [InlineData("**@\\_not\\_a\\_name** \\@eve", "**@\\_not\\_a\\_name** \\@\u2060eve")]
    [InlineData("get https://github.com/o/r/issues/1 or HTTP://x.org", "get https:\u2060//github.com/o/r/issues/1 or HTTP:\u2060//x.org")]
    [InlineData("an escaped bracket \\](https://github.com/o/r/pull/2)", "an escaped bracket \\](https:\u2060//github.com/o/r/pull/2)")]
    [InlineData("(www.example.org) ftp://f.example", "(www\u2060.example.org) ftp:\u2060//f.example")]
    public void Mentions_references_and_bare_urls_are_broken_by_an_invisible_word_joiner(string text, string inert) =>
        Assert.Equal(inert, Mentions.Neutralise(text));

    [Theory]
    [InlineData("### 5 slowest tasks")]
    [InlineData("[line 37](console.html#L37)")]
    [InlineData("[line 37](https://artifacts.example/run/4242/console.html#L37)")]
    [InlineData("[run](https://github.com/traas-ci/demo/actions/runs/4242)")]
    [InlineData("# heading, a-b-c, #L12, C# and email-less text @ 10:00, 100% #")]
    public void Our_own_markdown_and_links_are_left_as_they_are(string text) => Assert.Equal(text, Mentions.Neutralise(text));

    [Fact]
    public void Urls_in_a_code_block_stay_copyable_and_mentions_there_are_broken_all_the_same()
    {
        var text = "1. **task** on **host**\n   ```\n   curl https://example.org/x @alice #1\n   ```\nthen https://b.example";

        var inert = Mentions.Neutralise(text);

        Assert.Equal($"1. **task** on **host**\n   ```\n   curl https://example.org/x @{J}alice #{J}1\n   ```\nthen https:{J}//b.example", inert);
    }

    [Fact]
    public void Neutralising_twice_changes_nothing_more()
    {
        var text = "@alice #1 GH-2 org/repo#3 https://x.example www.y.example &#64;z";

        Assert.Equal(Mentions.Neutralise(text), Mentions.Neutralise(Mentions.Neutralise(text)));
    }

    [Fact]
    public void What_is_left_reads_the_same_once_the_joiners_are_taken_out()
    {
        var text = "\n\n@alice/@bob #1 GH-2 a/b#3 https://x.example\r\n\n```\nx @y\n```\n\n";

        Assert.Equal(text, Mentions.Neutralise(text).Replace(J.ToString(), "", StringComparison.Ordinal));
        Assert.DoesNotMatch(LiveMention(), Mentions.Neutralise(text));
    }

    /// <summary>What GitHub would link: '@', '#' or 'GH-' directly followed by a letter or digit.</summary>
    [GeneratedRegex("@[A-Za-z0-9]|#[0-9]|(?i:gh)-[0-9]")]
    internal static partial Regex LiveMention();
}
