using Traas.Tool.GitHub;

namespace Traas.Tool.Tests.GitHub;

/// <summary>What a pull request comment asks for: its author's first own line, in any case.</summary>
public sealed class PrCommandParsingSpecs
{
    [Theory]
    [InlineData("recheck", "recheck")]
    [InlineData("Recheck", "recheck")]
    [InlineData("RECHECK\n", "recheck")]
    [InlineData("  recheck  ", "recheck")]
    [InlineData("\r\n\r\nrecheck\r\n", "recheck")]
    [InlineData("recheck the network timed out, bug 12", "recheck")]
    [InlineData("hold", "hold")]
    [InlineData("HOLD", "hold")]
    [InlineData("hold 48", "hold 48")]
    [InlineData("Hold\t48", "hold 48")]
    [InlineData("hold 1", "hold 1")]
    [InlineData("hold 168", "hold 168")]
    [InlineData("> earlier: it failed\n\nrecheck", "recheck")]
    [InlineData("```\ntraceback\n```\nrecheck", "recheck")]
    [InlineData("<!-- a template's hint -->\nhold 2", "hold 2")]
    public void I_can_ask_for_a_recheck_or_a_hold_in_any_case(string comment, string command)
    {
        var parsed = PrCommandParser.Parse(comment);

        Assert.NotNull(parsed);
        Assert.Equal(command, parsed.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("LGTM")]
    [InlineData("please recheck")]
    [InlineData("rechecking now")]
    [InlineData("recheck-all")]
    [InlineData("holding off on this one")]
    [InlineData("thanks!\nrecheck")]
    [InlineData("> recheck")]
    [InlineData(">recheck\n> hold 48")]
    [InlineData("```\nrecheck\n```")]
    [InlineData("~~~~\nhold 48\n~~~~")]
    [InlineData("```bash\nrecheck\n```\n")]
    [InlineData("    recheck")]
    [InlineData("\trecheck")]
    [InlineData("<!-- recheck -->")]
    [InlineData("`recheck`")]
    [InlineData("/recheck")]
    public void Quoted_text_code_blocks_and_other_words_are_no_command(string comment)
    {
        Assert.Null(PrCommandParser.Parse(comment));
    }

    [Theory]
    [InlineData("hold 0")]
    [InlineData("hold 169")]
    [InlineData("hold 4800")]
    [InlineData("hold -1")]
    [InlineData("hold 4.5")]
    [InlineData("hold abc")]
    [InlineData("hold 48 hours")]
    [InlineData("hold ４８")]
    [InlineData("hold 99999999999999999999")]
    public void A_hold_with_hours_it_cannot_take_is_answered_with_how_to_write_it(string comment)
    {
        var parsed = PrCommandParser.Parse(comment);

        Assert.NotNull(parsed);
        Assert.Equal(PrCommandKind.Invalid, parsed.Kind);
        Assert.Contains("`hold N` for N hours, a whole number from 1 to 168", parsed.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OWNER", null, null, true)]
    // GitHub gives these to members and collaborators of any role: the permission decides.
    [InlineData("MEMBER", null, null, false)]
    [InlineData("COLLABORATOR", null, null, false)]
    [InlineData("MEMBER", "write", "write", true)]
    [InlineData("COLLABORATOR", "read", "triage", false)]
    [InlineData("CONTRIBUTOR", "write", "write", true)]
    [InlineData("NONE", "admin", "admin", true)]
    [InlineData("NONE", "write", "maintain", true)]
    [InlineData("CONTRIBUTOR", "read", "triage", false)]
    [InlineData("CONTRIBUTOR", "read", "read", false)]
    [InlineData("FIRST_TIME_CONTRIBUTOR", "none", null, false)]
    [InlineData("NONE", null, null, false)]
    [InlineData("owner", null, null, false)]
    [InlineData("MANNEQUIN", null, null, false)]
    public void Only_an_author_who_may_push_may_command(string association, string? permission, string? role,
        bool allowed)
    {
        var decided = CommandAuthorization.ByAssociation(association)
            || CommandAuthorization.ByPermission(permission, role);

        Assert.Equal(allowed, decided);
    }
}
