using Traas.Reporting.Triage;

namespace Traas.Reporting.Tests.Triage;

/// <summary>How a line becomes tokens: the variable parts of two runs of one step are masked alike.</summary>
public sealed class TokenizerSpecs
{
    [Theory]
    [InlineData("took 1234 ms", "took %ID")]
    [InlineData("commit 3f9a2c1d8e7b", "commit %ID")]
    [InlineData("port 8c7d5e4f-1a2b-4c3d-9e8f-0a1b2c3d4e5f up", "port %ID")]
    [InlineData("ping 172.24.5.9 and fe80::1ff:fe23:4567:890a", "ping %ID %ID")]
    [InlineData("address 52:54:00:12:34:56", "address %ID")]
    [InlineData("at 2017-06-24T02:52:17.000000Z and 02:52:17.586", "%ID %ID")]
    [InlineData("elapsed 0:00:03.051", "elapsed %ID")]
    [InlineData("took 3.2s then 1m30s and 250ms", "took %ID then %ID %ID")]
    [InlineData("Thursday 16 April 2020  02:52:17 +0000 (0:00:01.234)", "%DATE %ID %DATE %ID %ID %ID %ID")]
    [InlineData("wrote /tmp/tmp.Xy7Qz1/out.txt", "wrote %TMP")]
    [InlineData("kept /var/tmp/ansible-tmp-1592631829.12-1234/setup.py", "kept %TMP")]
    [InlineData("cp: cannot stat '/tmp/fail': No such file or directory", "cp: cannot stat %TMP such file directory")]
    [InlineData("GET https://10.0.1.9/identity/v3/auth/tokens", "%URL")]
    [InlineData("Request [req-08043549-3227-4c61-aa3b-9d02fc8437c3 ] sent", "Request %COOKIE sent")]
    [InlineData(" * updates: mirror.sjc02.example.net", "updates: %HOST")]
    [InlineData("Thursday 16 April 2020", "%DATE %ID %DATE %ID")]
    [InlineData("random pb96q name", "random %ID name")]
    [InlineData("nova-compute-1-2-3-4 ready", "%DASH ready")]
    [InlineData("data BGjZ2ovDkW9LZ8hFf3S0qPj4Tn3Rrx== ends", "data %B64 ends")]
    public void Variable_parts_are_masked(string line, string tokens) =>
        Assert.Equal(tokens, LineTokenizer.Render(line));

    [Fact]
    public void Two_runs_of_one_step_give_the_same_tokens()
    {
        var first = "2017-06-24 02:52:17.732 22627 INFO tempest.lib.common.rest_client [req-b932ab3f-1d2e-4c3b-9a8f-001122334455 ] "
            + "Request (main): 201 POST https://10.0.1.9/identity/v3/auth/tokens 0.314s";
        var second = "2017-07-01 11:02:09.101 3310 INFO tempest.lib.common.rest_client [req-0c4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f60 ] "
            + "Request (main): 201 POST https://104.130.217.34/identity/v3/auth/tokens 1.002s";

        Assert.Equal(LineTokenizer.Render(first), LineTokenizer.Render(second));
    }

    [Fact]
    public void An_error_word_counts_five_times_in_any_case()
    {
        Assert.Equal("Tests failed failed%2 failed%3 failed%4 failed%5", LineTokenizer.Render("Tests FAILED"));
        Assert.Equal("error error%2 error%3 error%4 error%5 disk", LineTokenizer.Render("Error: disk"));
    }

    [Theory]
    [InlineData("fatal: [director-controller-0]: FAILED!", "fatal fatal%2 fatal%3 fatal%4 fatal%5 director-controller-N: failed failed%2 failed%3 failed%4 failed%5")]
    [InlineData("File \"nodepool/cmd/config_validator.py\", line 144, in validate", "File nodepool config_validator.py line %ID validate")]
    [InlineData("Jun 20 05:43:49 node chronyd[637]: Selected source", "%ID %ID node chronyd %PID Selected source")]
    [InlineData("config_file = ['/opt/stack/tempest.conf']", "config_file stack tempest.conf")]
    [InlineData("key_12=value", "key_N: value")]
    [InlineData("tempest.lib.common.utils.linux.remote_client starts", "tempest common utils linux remote_client starts")]
    [InlineData("u'content-type': 'application/json'", "content-type: application json")]
    public void Words_are_cut_at_keys_paths_and_punctuation(string line, string tokens) =>
        Assert.Equal(tokens, LineTokenizer.Render(line));

    [Theory]
    [InlineData("password: hunter22", "password: %VALUE")]
    [InlineData("OS_PASSWORD=s3cr3t-value token=abcdef", "OS_PASSWORD: %VALUE token: %VALUE")]
    [InlineData("request_id=abc-defg instanceId: i-0123", "request_id: %VALUE instanceId: %VALUE")]
    [InlineData("MultipleInvalid: required key", "MultipleInvalid: required")]
    public void The_value_of_a_secret_or_an_id_is_masked_whatever_it_looks_like(string line, string tokens) =>
        Assert.Equal(tokens, LineTokenizer.Render(line));

    [Fact]
    public void Short_words_and_punctuation_are_dropped() =>
        Assert.Equal("", LineTokenizer.Render("  + ok -- is a ... }"));

    [Fact]
    public void A_line_is_cut_into_sub_lines_at_escaped_newlines_and_ansible_output_lists()
    {
        var features = new LineFeatures();

        features.Read("\"stdout\": \"Trying mirror\\nPing failed\\nFAILURE\\n\", \"stdout_lines\": [\"Trying mirror\"]");

        Assert.Equal(4, features.Count);
        Assert.True(features.HasErrorWord);
    }

    [Fact]
    public void The_same_words_in_another_order_are_the_same_set()
    {
        var features = new LineFeatures();
        features.Read("alpha beta gamma gamma");
        var key = features.Key(0);
        var set = features.Features(0).ToArray();

        features.Read("gamma beta alpha");

        Assert.Equal(key, features.Key(0));
        Assert.Equal(set, features.Features(0).ToArray());
        Assert.Equal(3, set.Length);
    }

    [Fact]
    public void A_word_of_any_length_or_depth_is_read_without_recursing_far()
    {
        var deep = string.Concat(Enumerable.Repeat("a=b:", 5000)) + " " + new string('/', 100_000) + " "
            + string.Concat(Enumerable.Repeat("(x", 20_000));

        var tokens = LineTokenizer.Render(deep);

        Assert.Contains("%BIG", tokens, StringComparison.Ordinal);
    }
}
