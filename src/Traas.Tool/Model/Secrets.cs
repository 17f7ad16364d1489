namespace Traas.Tool.Model;

/// <summary>
/// The secrets a run knows, as it learns them (clouds.yaml's passwords and tokens when the cloud is
/// read, the key's passphrase, GITHUB_TOKEN) and the user's --redact values and patterns: what is
/// masked in every artifact and every posted text.
/// </summary>
internal sealed class Secrets
{
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly List<Regex> _patterns = [];
    private readonly Lock _lock = new();

    public void Add(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        lock (_lock)
        {
            _values.Add(value);
            // A secret of several lines (a key) is also looked for line by line, as the log prints it.
            foreach (var line in value.Split(['\r', '\n'],
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                _values.Add(line);
        }
    }

    /// <summary>A --redact argument: /REGEX/ is a pattern, anything else a value.</summary>
    public void AddRedaction(string text)
    {
        if (text.Length > 2 && text[0] == '/' && text[^1] == '/')
        {
            try
            {
                lock (_lock)
                    _patterns.Add(new Regex(text[1..^1], RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
            }
            catch (ArgumentException e)
            {
                throw new TraasException(ExitCodes.BadInput,
                    $"--redact {text}: not a regular expression .NET reads ({e.Message})");
            }
            return;
        }
        Add(text);
    }

    /// <summary>The redactor of the secrets known so far, with the shapes logs print secrets in.</summary>
    public Reporting.Input.Redactor Redactor()
    {
        lock (_lock)
            return new Reporting.Input.Redactor([.. _values], [.. _patterns]);
    }
}
