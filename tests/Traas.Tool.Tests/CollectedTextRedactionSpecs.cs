using System.Text;
using Traas.Reporting.Input;
using Traas.Tool.Pipeline;

namespace Traas.Tool.Tests;

/// <summary>
/// Collected text files are masked as their bytes come, in pieces of any size (<see cref="RedactingWriter"/>):
/// the result is the file masked line by line, every other byte kept.
/// </summary>
public sealed class CollectedTextRedactionSpecs
{
    private static readonly string Text = string.Join("", Enumerable.Range(0, 400).Select(i => (i % 37) switch
    {
        3 => $"line {i} export OS_PASSWORD=hunter2{i}\n",
        7 => $"line {i} the sandbox's s3cr3t-value is here\n",
        11 => "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY----- after\n",
        13 => $"line {i} caf\u00e9 bytes \u00ff kept\r\n",
        _ => $"2026-03-01 12:00:{i % 60:00} INFO nova ok changed {i}\n",
    })) + "last line without LF s3cr3t-value";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void Text_written_in_pieces_is_masked_as_line_by_line(int piece)
    {
        var redactor = new Redactor(["s3cr3t-value"], []).ForLatin1();
        var bytes = Encoding.UTF8.GetBytes(Text);
        var output = new MemoryStream();
        var writer = new RedactingWriter(output, redactor.ForStream());

        for (var i = 0; i < bytes.Length; i += piece)
            writer.Write(bytes.AsSpan(i, Math.Min(piece, bytes.Length - i)));
        writer.Complete();

        Assert.Equal(LineByLine(redactor, bytes), output.ToArray());
        Assert.DoesNotContain("s3cr3t-value", Encoding.Latin1.GetString(output.ToArray()), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", Encoding.Latin1.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    private static byte[] LineByLine(Redactor redactor, byte[] bytes)
    {
        var lines = redactor.ForStream();
        var parts = Encoding.Latin1.GetString(bytes).Split('\n');
        return Encoding.Latin1.GetBytes(string.Join('\n', parts.Select(lines.Redact)));
    }
}
