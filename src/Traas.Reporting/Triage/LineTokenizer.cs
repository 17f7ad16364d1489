namespace Traas.Reporting.Triage;

/// <summary>
/// Turns a line into tokens with its variable parts masked, so that two runs of the same step give
/// the same tokens whatever their times, numbers, ids, addresses and temporary paths.
/// <para>A line is cut into words at blanks and at the two-character escapes <c>\t</c> and
/// <c>\r</c> (<c>\n</c> escapes already cut it into sub-lines: see <see cref="LineFeatures"/>).
/// Each word loses its quotes, brackets and sentence punctuation at both ends, then the first rule
/// that applies decides:</para>
/// <list type="number">
/// <item>a word ending in <c>:</c> or <c>=</c> is a key: <c>name:</c> (a secret-like or id-like
/// name masks the next word);</item>
/// <item>a variable part becomes a placeholder: <c>%DATE</c> (day and month names, day/week
/// units), <c>%ID</c> (numbers, hex, UUIDs, IPs, MACs, dates, times, durations, and words of four
/// letters or more without a vowel), <c>%COOKIE</c> (request and transaction ids), <c>%URL</c>,
/// <c>%TMP</c> (temporary paths), <c>%HOST</c> (host names), <c>%REF</c> (git refs), <c>%B64</c> (base64);</item>
/// <item>an error word (error, failed, fatal, traceback...) counts five times, so that a line that
/// only differs from a baseline line by "failed" against "passed" is far from it;</item>
/// <item>a word of three characters or fewer is dropped;</item>
/// <item><c>name[123</c> is <c>name</c> and <c>%PID</c>;</item>
/// <item><c>key=value</c> and <c>key:value</c> are the key and the value's own tokens;</item>
/// <item>a word with template or shell characters (<c>%{}&lt;&gt;$*</c>) is <c>%ODD</c>;</item>
/// <item>a word is cut at <c>/ | @ \ ( ) [ ] , ; ' "</c>, and at dashes unless it has four or more
/// (rpm versions, Heat's nested stacks: <c>%DASH</c>), and each piece is a word again;</item>
/// <item>a word of 32 characters or more is cut at its dots, or else is <c>%BIG</c>;</item>
/// <item>otherwise the word is kept with each run of digits as <c>N</c>.</item>
/// </list>
/// </summary>
internal static class LineTokenizer
{
    /// <summary>Longer words are not cut into pieces: they are a placeholder or <c>%BIG</c>.</summary>
    internal const int MaxWordChars = 256;

    /// <summary>How many times an error word counts.</summary>
    internal const int ErrorWeight = 5;

    private const int MaxDepth = 8;
    private const int MaxKeyChars = 64;

    private static readonly WordSet ErrorWords = new(
        "error", "errors", "err", "fatal", "failure", "failures", "failed", "fail", "fails", "warning",
        "warnings", "warn", "denied", "assert", "assertion", "non-zero", "exception", "traceback", "critical",
        "panic", "timeout", "unreachable", "refused");

    private static readonly WordSet DateWords = new(
        "january", "february", "march", "april", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "days", "weeks", "months", "hours", "minutes");

    private static readonly string[] SecretNames =
        ["password", "passwd", "secret", "token", "credential"];

    private static readonly string[] IdNameEnds = ["id", "ids", "uuid", "key", "ref", "sha", "hash", "checksum"];

    private static readonly string[] Emphasis = ["", "%2", "%3", "%4", "%5"];

    // The tokenizer looks at every character of both logs: these sets are searched at once, not char by char.
    private static readonly SearchValues<char> Blanks = SearchValues.Create(" \t\r\n\f\v\\");
    private static readonly SearchValues<char> Quotes = SearchValues.Create("'\"`,;()[]{}<>\\");
    private static readonly SearchValues<char> EndPunctuation = SearchValues.Create(".!?'\"`,;()[]{}<>\\");
    private static readonly SearchValues<char> Odd = SearchValues.Create("%{}<>$*");
    private static readonly SearchValues<char> Cuts = SearchValues.Create("/|@\\()[],;'\"");
    private static readonly SearchValues<char> Dash = SearchValues.Create("-");
    private static readonly SearchValues<char> Dot = SearchValues.Create(".");

    /// <summary>
    /// The last label of a host name (two-letter country codes count too, see <see cref="IsHostName"/>).
    /// </summary>
    private static readonly WordSet TopLevelDomains = new(
        "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "name", "cloud", "dev", "app", "local",
        "localdomain", "lan", "internal", "example", "test", "invalid", "localhost");

    /// <summary>Two-letter labels that end file names far more often than host names.</summary>
    private static readonly WordSet FileSuffixes = new(
        "py", "sh", "pl", "rb", "js", "ts", "md", "go", "rs", "cc", "cs", "hs", "ml", "so", "gz", "xz", "bz", "ps",
        "db", "mo", "po", "in", "am", "ac", "el", "fc", "d");

    /// <summary>The tokens of a line as text, separated by blanks.</summary>
    public static string Render(string line)
    {
        var text = new StringBuilder();
        var sink = new TextSink(text);
        Tokenize(line, ref sink);
        return text.ToString();
    }

    public static void Tokenize<TSink>(ReadOnlySpan<char> line, ref TSink sink) where TSink : struct, ITokenSink
    {
        var maskNext = false;
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && SeparatorWidth(line, i) is var width and > 0)
                i += width;
            var start = i;
            while (i < line.Length)
            {
                var at = line[i..].IndexOfAny(Blanks);
                i = at < 0 ? line.Length : i + at;
                if (i == line.Length || SeparatorWidth(line, i) > 0)
                    break;
                // A backslash that escapes something else is part of the word.
                i++;
            }
            if (i > start)
                RepeatedWord(line[start..i], ref sink, ref maskNext);
        }
    }

    private static int SeparatorWidth(ReadOnlySpan<char> line, int i)
    {
        var c = line[i];
        if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v')
            return 1;
        return c == '\\' && i + 1 < line.Length && line[i + 1] is 't' or 'r' or 'n' ? 2 : 0;
    }

    /// <summary>A word gives the same tokens every time, unless the word before it masks it.</summary>
    private static void RepeatedWord<TSink>(ReadOnlySpan<char> word, ref TSink sink, ref bool maskNext)
        where TSink : struct, ITokenSink
    {
        if (maskNext)
        {
            Word(word, ref sink, ref maskNext);
            return;
        }
        if (sink.TryRepeat(word, out maskNext))
            return;
        sink.StartWord();
        Word(word, ref sink, ref maskNext);
        sink.EndWord(word, maskNext);
    }

    private static void Word<TSink>(ReadOnlySpan<char> word, ref TSink sink, ref bool maskNext)
        where TSink : struct, ITokenSink
    {
        word = Trim(word);
        if (word.IsEmpty)
            return;
        if (maskNext)
        {
            maskNext = false;
            sink.Add("%VALUE");
            return;
        }
        if (word.Length > 1 && word[^1] is ':' or '=')
        {
            var key = Trim(word[..^1]);
            if (key.IsEmpty)
                return;
            Key(key, ref sink, 0);
            maskNext = IsMaskedName(key);
            return;
        }
        Piece(word, ref sink, 0);
    }

    private static void Key<TSink>(ReadOnlySpan<char> key, ref TSink sink, int depth) where TSink : struct, ITokenSink
    {
        if (Whole(key, ref sink))
            return;
        if (!IsSimpleName(key))
        {
            Piece(key, ref sink, depth + 1);
            return;
        }
        Span<char> buffer = stackalloc char[MaxKeyChars + 1];
        var length = Normalize(key, buffer);
        buffer[length] = ':';
        sink.Add(buffer[..(length + 1)]);
    }

    private static void Piece<TSink>(ReadOnlySpan<char> piece, ref TSink sink, int depth)
        where TSink : struct, ITokenSink
    {
        piece = Trim(piece);
        if (piece.IsEmpty)
            return;
        if (Whole(piece, ref sink))
            return;
        if (piece.Length <= 3)
            return;
        if (piece.Length > MaxWordChars || depth > MaxDepth)
        {
            sink.Add("%BIG");
            return;
        }
        var open = piece.LastIndexOf('[');
        if (open > 0 && open < piece.Length - 1 && !piece[(open + 1)..].ContainsAnyExceptInRange('0', '9'))
        {
            Piece(piece[..open], ref sink, depth + 1);
            sink.Add("%PID");
            return;
        }
        if (KeyValue(piece, ref sink, depth))
            return;
        if (piece.ContainsAny(Odd))
        {
            sink.Add("%ODD");
            return;
        }
        if (piece.ContainsAny(Cuts))
        {
            Split(piece, Cuts, ref sink, depth);
            return;
        }
        if (piece.Contains('-'))
        {
            if (piece.Count('-') >= 4)
                sink.Add("%DASH");
            else
                Split(piece, Dash, ref sink, depth);
            return;
        }
        if (piece.Length >= 32)
        {
            // A long dotted name (a python module, a resource path) is its parts; anything else is noise.
            if (piece.Contains('.'))
                Split(piece, Dot, ref sink, depth);
            else
                sink.Add("%BIG");
            return;
        }
        Span<char> buffer = stackalloc char[piece.Length];
        var length = Normalize(piece, buffer);
        if (length > 3)
            sink.Add(buffer[..length]);
    }

    /// <summary>A placeholder is its token, an error word its emphasised ones: false for any other text.</summary>
    private static bool Whole<TSink>(ReadOnlySpan<char> text, ref TSink sink) where TSink : struct, ITokenSink
    {
        if (Placeholder(text) is { } placeholder)
            sink.Add(placeholder);
        else if (IsErrorWord(text))
            Emphasise(text, ref sink);
        else
            return false;
        return true;
    }

    /// <summary><c>key=value</c> or <c>key:value</c> with a key that starts like a name.</summary>
    private static bool KeyValue<TSink>(ReadOnlySpan<char> piece, ref TSink sink, int depth)
        where TSink : struct, ITokenSink
    {
        if (!char.IsAsciiLetter(piece[0]) && piece[0] != '_')
            return false;
        var at = piece.IndexOf('=');
        if (at < 0)
            at = piece.IndexOf(':');
        if (at <= 0 || at == piece.Length - 1)
            return false;
        var key = piece[..at];
        Key(key, ref sink, depth + 1);
        if (IsMaskedName(key))
            sink.Add("%VALUE");
        else
            Piece(piece[(at + 1)..], ref sink, depth + 1);
        return true;
    }

    private static void Split<TSink>(ReadOnlySpan<char> piece, SearchValues<char> separators, ref TSink sink,
        int depth) where TSink : struct, ITokenSink
    {
        while (!piece.IsEmpty)
        {
            var at = piece.IndexOfAny(separators);
            var part = at < 0 ? piece : piece[..at];
            if (!part.IsEmpty)
                Piece(part, ref sink, depth + 1);
            piece = at < 0 ? [] : piece[(at + 1)..];
        }
    }

    private static void Emphasise<TSink>(ReadOnlySpan<char> word, ref TSink sink) where TSink : struct, ITokenSink
    {
        Span<char> buffer = stackalloc char[word.Length + 2];
        var length = word.ToLowerInvariant(buffer);
        foreach (var suffix in Emphasis)
        {
            suffix.CopyTo(buffer[length..]);
            sink.Add(buffer[..(length + suffix.Length)]);
        }
        sink.CountError();
    }

    /// <summary>Each run of digits, with the dots between them (1.417479), becomes one N.</summary>
    private static int Normalize(ReadOnlySpan<char> word, Span<char> buffer)
    {
        var length = 0;
        for (var i = 0; i < word.Length; i++)
        {
            if (!char.IsAsciiDigit(word[i]))
            {
                buffer[length++] = word[i];
                continue;
            }
            while (i + 1 < word.Length && (char.IsAsciiDigit(word[i + 1])
                || (word[i + 1] == '.' && i + 2 < word.Length && char.IsAsciiDigit(word[i + 2]))))
                i++;
            buffer[length++] = 'N';
        }
        return length;
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> word)
    {
        if (word.Length > 2 && word[0] is 'u' or 'b' && word[1] is '\'' or '"')
            word = word[1..];
        var start = word.IndexOfAnyExcept(Quotes);
        if (start < 0)
            return [];
        word = word[start..];
        return word[..(word.LastIndexOfAnyExcept(EndPunctuation) + 1)];
    }

    /// <summary>The placeholder of a word that is a variable part as a whole, or null.</summary>
    internal static string? Placeholder(ReadOnlySpan<char> word) => word switch
    {
        _ when IsIdLike(word) || IsVowelless(word) => "%ID",
        _ when DateWords.Contains(word) => "%DATE",
        _ when IsCookie(word) => "%COOKIE",
        _ when word.Contains("://", StringComparison.Ordinal) => "%URL",
        _ when IsTempPath(word) => "%TMP",
        _ when IsHostName(word) => "%HOST",
        _ when word.StartsWith("refs/", StringComparison.Ordinal) => "%REF",
        _ when IsBase64(word) => "%B64",
        _ => null,
    };

    /// <summary>Digits with hex letters and the separators of numbers, addresses, times and UUIDs.</summary>
    private static bool IsIdLike(ReadOnlySpan<char> word)
    {
        var digit = false;
        foreach (var c in word)
        {
            if (char.IsAsciiDigit(c))
                digit = true;
            else if (!char.IsAsciiHexDigit(c) && c is not ('.' or ':' or '-' or '+' or 'x' or 'X' or 'T' or 'Z'))
                return false;
        }
        return digit;
    }

    /// <summary>Four or more letters and digits without a vowel (y counts): a random name, e.g. pb96q.</summary>
    private static bool IsVowelless(ReadOnlySpan<char> word)
    {
        if (word.Length < 4)
            return false;
        var letter = false;
        foreach (var c in word)
        {
            if (char.IsAsciiLetter(c))
            {
                if ((c | 0x20) is 'a' or 'e' or 'i' or 'o' or 'u' or 'y')
                    return false;
                letter = true;
            }
            else if (!char.IsAsciiDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }
        return letter;
    }

    private static bool IsCookie(ReadOnlySpan<char> word) =>
        word.StartsWith("req-", StringComparison.OrdinalIgnoreCase)
        || word.StartsWith("gAAAA", StringComparison.Ordinal)
        || word.StartsWith("AUTH_", StringComparison.Ordinal)
        || (word.Length > 3 && word.StartsWith("tap", StringComparison.Ordinal) && char.IsAsciiHexDigit(word[3]))
        || (word.Length >= 10 && word.StartsWith("tx", StringComparison.Ordinal) && char.IsAsciiDigit(word[2]));

    private static bool IsTempPath(ReadOnlySpan<char> word) =>
        word.StartsWith("/tmp", StringComparison.Ordinal)
        || word.Contains("/tmp/", StringComparison.Ordinal)
        || word.StartsWith("tmp/", StringComparison.Ordinal)
        || (word.Length >= 8 && word.StartsWith("tmp", StringComparison.Ordinal)
            && (word[3] is '.' or '_' || word.ContainsAnyInRange('0', '9')));

    /// <summary>
    /// Three or more dot-separated labels of letters, digits and dashes, the last a top-level domain
    /// (mirror.regionone.example.org, ftp.ussg.iu.edu): mirrors and nodes change from run to run.
    /// </summary>
    private static bool IsHostName(ReadOnlySpan<char> word)
    {
        if (word.Length < 5 || word.Count('.') < 2)
            return false;
        foreach (var c in word)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-'))
                return false;
        }
        var last = word[(word.LastIndexOf('.') + 1)..];
        if (word.Contains("..", StringComparison.Ordinal) || word[0] == '.' || !last.ContainsOnlyAsciiLetters())
            return false;
        return TopLevelDomains.Contains(last) || (last.Length == 2 && !FileSuffixes.Contains(last));
    }

    private static bool ContainsOnlyAsciiLetters(this ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetter(c))
                return false;
        }
        return !text.IsEmpty;
    }

    private static bool IsBase64(ReadOnlySpan<char> word)
    {
        if (word.Length >= 20 && word.EndsWith("==", StringComparison.Ordinal))
            return true;
        if (word.Length < 24)
            return false;
        bool upper = false, lower = false, digit = false;
        foreach (var c in word)
        {
            if (char.IsAsciiLetterUpper(c))
                upper = true;
            else if (char.IsAsciiLetterLower(c))
                lower = true;
            else if (char.IsAsciiDigit(c))
                digit = true;
            else if (c is not ('+' or '/' or '='))
                return false;
        }
        return upper && lower && digit;
    }

    private static bool IsErrorWord(ReadOnlySpan<char> word) => word.Length <= 11 && ErrorWords.Contains(word);

    private static bool IsSimpleName(ReadOnlySpan<char> key)
    {
        if (key.Length > MaxKeyChars || !(char.IsAsciiLetter(key[0]) || key[0] == '_'))
            return false;
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
                return false;
        }
        return true;
    }

    /// <summary>
    /// A key whose value is a secret or an id, masked whatever it looks like: a name with password,
    /// secret, token or credential in it, or one whose last part is id, uuid, key, ref, sha, hash or
    /// checksum (request_id, instanceId, ssh-key; not "valid").
    /// </summary>
    private static bool IsMaskedName(ReadOnlySpan<char> key)
    {
        foreach (var name in SecretNames)
        {
            if (key.Contains(name, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        foreach (var end in IdNameEnds)
        {
            if (!key.EndsWith(end, StringComparison.OrdinalIgnoreCase))
                continue;
            var at = key.Length - end.Length;
            if (at == 0 || key[at - 1] is '_' or '-' or '.' || (char.IsAsciiLetterUpper(key[at])
                && char.IsAsciiLetterLower(key[at - 1])))
                return true;
        }
        return false;
    }
}
