namespace Traas.Reporting.Input;

/// <summary>
/// Replaces secrets in log lines by <see cref="Mask"/>: the values the tool knows (passwords, tokens,
/// passphrases), patterns the user gives, and the shapes in which logs print secrets (an assignment
/// to a *PASSWORD, *SECRET, *TOKEN or *PASSPHRASE variable, a --password-like option, a
/// `password: value` pair in YAML, JSON or a Python repr, a private key block). Lines that hold none
/// of the shapes' words and none of the values are passed over by a vectorized search, so a log
/// without secrets costs little. A private key block runs over many lines: use <see cref="ForStream"/>.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "***";

    private const RegexOptions Options =
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    /// <summary>Values shorter than this are not looked for: they would mask ordinary words.</summary>
    public const int MinimumSecretLength = 4;

    private static readonly SearchValues<string> ShapeWords = SearchValues.Create(
        ["password", "passwd", "secret", "token", "passphrase", "private key"], StringComparison.OrdinalIgnoreCase);

    private const string Value = """(?:"[^"]*"|'[^']*'|[^\s"',;}\]]+)""";

    private static readonly Regex[] Shapes =
    [
        // OS_PASSWORD=x, ADMIN_PASSWORD='x', export OS_TOKEN="x", MYSQL_ROOT_PASSWORD=x
        new($"""(\b[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|TOKEN|PASSPHRASE)[A-Z0-9_]*=){Value}""", Options),
        // --os-password x, --password=x, --os-application-credential-secret x, --os-token x
        new($"""(--[a-z0-9-]*(?:password|passwd|secret|token|passphrase)(?:=|\s+)){Value}""", Options),
        // password: x, "password": "x", 'admin_password': 'x', token = x
        new($"""(["']?\b[a-z0-9_]*(?:password|passwd|secret|token|passphrase)["']?\s*[:=]\s*){Value}""", Options),
    ];

    private static readonly Regex KeyBlock = new(
        "-----BEGIN[A-Z ]*PRIVATE KEY-----.*?(?:-----END[A-Z ]*PRIVATE KEY-----|$)", Options);

    private readonly string[] _secrets;
    private readonly SearchValues<string>? _secretSearch;
    private readonly Regex[] _patterns;

    /// <param name="secrets">
    /// Values to mask wherever they appear (shorter ones than <see cref="MinimumSecretLength"/> are left).
    /// </param>
    /// <param name="patterns">The user's patterns: every match is masked.</param>
    public Redactor(IEnumerable<string> secrets, IEnumerable<Regex> patterns)
    {
        // Longest first, so that a secret holding another is masked whole.
        _secrets = [.. secrets.Where(s => s.Length >= MinimumSecretLength).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)];
        _secretSearch = _secrets.Length == 0 ? null : SearchValues.Create(_secrets, StringComparison.Ordinal);
        _patterns = [.. patterns];
    }

    /// <summary>
    /// The same redaction for bytes read as Latin-1 (one char per byte), so that a file's bytes are
    /// kept exactly outside what is masked, whatever its encoding: the values are looked for as
    /// their UTF-8 bytes.
    /// </summary>
    public Redactor ForLatin1() =>
        new(_secrets.Select(s => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(s))), _patterns);

    /// <summary>A redactor for one stream of lines: it remembers a private key block left open.</summary>
    public LineRedactor ForStream() => new(this);

    /// <summary>Masks one line on its own (a private key block is masked to the line's end).</summary>
    public string Redact(string line) => ForStream().Redact(line);

    /// <summary>
    /// Where the first character that could start a mask is in <paramref name="text"/> (a value, a word of a
    /// secret's shape, a private key's line), -1 when no line of it would change. With patterns of the user's
    /// own, any text could: 0.
    /// </summary>
    internal int IndexOfSuspect(ReadOnlySpan<char> text)
    {
        if (_patterns.Length > 0)
            return text.IsEmpty ? -1 : 0;
        var shape = text.IndexOfAny(ShapeWords);
        var value = _secretSearch is null ? -1 : text[..(shape < 0 ? text.Length : shape)].IndexOfAny(_secretSearch);
        return value >= 0 ? value : shape;
    }

    internal string RedactValues(string line)
    {
        if (_secretSearch is not null && line.AsSpan().IndexOfAny(_secretSearch) >= 0)
        {
            foreach (var secret in _secrets)
                line = line.Replace(secret, Mask, StringComparison.Ordinal);
        }
        foreach (var pattern in _patterns)
            line = pattern.Replace(line, Mask);
        if (line.AsSpan().IndexOfAny(ShapeWords) < 0)
            return line;
        foreach (var shape in Shapes)
            line = shape.Replace(line, m => m.Groups[1].Value + Mask);
        return line;
    }

    internal static bool OpensKey(string line, out string masked)
    {
        masked = line;
        if (!line.Contains("PRIVATE KEY-----", StringComparison.OrdinalIgnoreCase))
            return false;
        var open = false;
        masked = KeyBlock.Replace(line, m =>
        {
            open = !m.Value.Contains("-----END", StringComparison.OrdinalIgnoreCase);
            return Mask;
        });
        return open;
    }

    internal static bool ClosesKey(string line, out string rest)
    {
        var end = line.IndexOf("PRIVATE KEY-----", StringComparison.OrdinalIgnoreCase);
        var closes = end >= 0 && line.Contains("-----END", StringComparison.OrdinalIgnoreCase);
        rest = closes ? line[(end + "PRIVATE KEY-----".Length)..] : "";
        return closes;
    }
}

/// <summary>Redacts the lines of one stream in order (see <see cref="Redactor.ForStream"/>).</summary>
public sealed class LineRedactor
{
    private readonly Redactor _redactor;
    private bool _inKey;

    internal LineRedactor(Redactor redactor) => _redactor = redactor;

    /// <summary>
    /// Where the first line of <paramref name="text"/> (lines that end at LF) that this redactor could change
    /// starts its suspect part: -1 when it would give every line back as it is, so that a caller may keep them
    /// as they are without asking line by line. Inside a private key block, every line is masked: 0.
    /// </summary>
    public int IndexOfSuspect(ReadOnlySpan<char> text) => _inKey ? 0 : _redactor.IndexOfSuspect(text);

    public string Redact(string line)
    {
        if (_inKey)
        {
            if (!Redactor.ClosesKey(line, out var rest))
                return Redactor.Mask;
            _inKey = false;
            return Redactor.Mask + _redactor.RedactValues(rest);
        }
        // Most lines hold no value, no shape word and no "private key": one vectorised search says so,
        // where the key block's case-insensitive search alone cost a tenth of the report's time. (A user's
        // pattern may match an empty line, so that one takes the long way.)
        if (line.Length > 0 && _redactor.IndexOfSuspect(line) < 0)
            return line;
        _inKey = Redactor.OpensKey(line, out var masked);
        return _redactor.RedactValues(masked);
    }
}
