using System.Text;
using System.Text.RegularExpressions;
using Traas.Reporting.Input;
using Traas.Reporting.Tests.Support;

namespace Traas.Reporting.Tests;

/// <summary>Secrets out of every line: the values the tool knows, the user's patterns, and the shapes logs print them in.</summary>
public sealed class RedactorSpecs
{
    private static readonly Redactor Shapes = new([], []);

    [Theory]
    [InlineData("+ export OS_PASSWORD=hunter2hunter2", "+ export OS_PASSWORD=***")]
    [InlineData("2014-03-17 16:17:19.833 | + ADMIN_PASSWORD=secret", "2014-03-17 16:17:19.833 | + ADMIN_PASSWORD=***")]
    [InlineData("MYSQL_ROOT_PASSWORD='s3 cr3t' next", "MYSQL_ROOT_PASSWORD=*** next")]
    [InlineData("+ openstack --os-password hunter2 server list", "+ openstack --os-password *** server list")]
    [InlineData("cmd --os-application-credential-secret=abc123 --x", "cmd --os-application-credential-secret=*** --x")]
    [InlineData("  admin_password: Xy9pQ", "  admin_password: ***")]
    [InlineData("{\"password\": \"Xy9pQ\", \"user\": \"admin\"}", "{\"password\": ***, \"user\": \"admin\"}")]
    [InlineData("{'token': 'gAAAAB-abc', 'x': 1}", "{'token': ***, 'x': 1}")]
    [InlineData("This is your host ip: 10.0.0.1 The password: secret", "This is your host ip: 10.0.0.1 The password: ***")]
    [InlineData("TASK [keystone : Get a token] ***", "TASK [keystone : Get a token] ***")]
    [InlineData("ok: [undercloud] => (item=password_policy)", "ok: [undercloud] => (item=password_policy)")]
    public void The_shapes_of_secrets_in_logs_are_masked_and_ordinary_lines_kept(string line, string redacted) =>
        Assert.Equal(redacted, Shapes.Redact(line));

    [Fact]
    public void Known_values_and_the_users_patterns_are_masked_wherever_they_are()
    {
        var redactor = new Redactor(["hunter2-long", "abc"], [new Regex("ghp_[A-Za-z0-9]{8,}", RegexOptions.CultureInvariant)]);

        Assert.Equal("user *** logged in with ***, abc stays", redactor.Redact("user hunter2-long logged in with ghp_abcdefgh123, abc stays"));
    }

    [Fact]
    public void A_private_key_block_is_masked_line_by_line_to_its_end()
    {
        var redactor = new Redactor([], []).ForStream();
        string[] lines = ["+ cat id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXktdjEAAAAA", "AAAAbm9uZQ==",
            "-----END OPENSSH PRIVATE KEY----- trailing", "next line"];

        var redacted = lines.Select(redactor.Redact).ToList();

        Assert.Equal(["+ cat id_rsa", "***", "***", "***", "*** trailing", "next line"], redacted);
    }

    [Fact]
    public void A_private_key_printed_on_one_line_is_masked()
    {
        var line = "\"key\": \"-----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY-----\\n\", \"x\": 1";

        Assert.Equal("\"key\": \"***\\n\", \"x\": 1", Shapes.Redact(line));
    }

    [Fact]
    public void Read_as_Latin_1_every_byte_outside_a_secret_is_kept()
    {
        var secret = "pässwörd-1";
        byte[] bytes = [.. Encoding.UTF8.GetBytes("bad \xff\xfe bytes "), .. Encoding.UTF8.GetBytes(secret), .. "\x80 end"u8];
        var text = Encoding.Latin1.GetString(bytes);

        var redacted = Encoding.Latin1.GetBytes(new Redactor([secret], []).ForLatin1().Redact(text));

        Assert.Equal([.. Encoding.UTF8.GetBytes("bad \xff\xfe bytes "), .. "***"u8, .. "\x80 end"u8], redacted);
    }

    [Fact]
    public void The_published_passwords_of_the_real_tripleo_and_devstack_logs_are_gone()
    {
        foreach (var (log, password) in new[]
        {
            ("tripleo-osp16.1-install-undercloud-tripleoclient.log", "aCsLZ6f8W0TC8JmFdFUg5EUBC"),
            ("devstack-gate-devstacklog.txt", "ADMIN_PASSWORD=secret"),
        })
        {
            var redactor = Shapes.ForStream();
            var lines = File.ReadLines(Path.Combine(RepoPaths.RealLogs, log)).Select(redactor.Redact).ToList();

            Assert.DoesNotContain(lines, l => l.Contains(password, StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains(Redactor.Mask, StringComparison.Ordinal));
        }
    }
}
