namespace Traas.Reporting.Triage;

/// <summary>
/// Texts of which every match of a regex holds at least one: per top-level alternative, its longest run
/// of plain characters that no quantifier makes optional. A line holding none of them cannot match, so
/// one vectorised search for all of them (<see cref="System.Buffers.SearchValues{T}"/>) passes over a
/// line without running the regex. .NET works such literals out for its own searches but does not show
/// them (RegexPrefixAnalyzer is internal), hence this reading of the pattern's text. It is
/// conservative: what it does not understand (inline options, an unknown escape, a brace that is
/// not a quantifier) gives no literals, and the regex then runs on every line as before.
/// </summary>
internal static class RequiredLiterals
{
    /// <summary>Shorter runs would be found in most lines and spare nothing.</summary>
    public const int MinimumLength = 3;

    /// <summary>Escapes that stand for their own character (ECMA-262 and .NET's syntax characters).</summary>
    private const string EscapedPunctuation = @"\.()[]{}*+?|^$/-""'# :=!<>,@%&~`;_";

    /// <returns>The literals, or null when the regex may match a line that holds none this can name.</returns>
    public static IReadOnlyList<string>? Of(Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        if ((regex.Options & (RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)) != 0)
            return null;
        if (Alternatives(regex.ToString()) is not { } alternatives)
            return null;
        var literals = new List<string>();
        foreach (var alternative in alternatives)
        {
            if (Longest(alternative) is not { Length: >= MinimumLength } literal)
                return null;
            literals.Add(literal);
        }
        return literals.Count == 0 ? null : literals;
    }

    /// <summary>The pattern cut at its top-level bars; null when it holds a class this does not read.</summary>
    private static List<string>? Alternatives(string pattern)
    {
        var alternatives = new List<string>();
        var start = 0;
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
                i++;
            else if (pattern[i] == '[' && (i = ClassEnd(pattern, i)) < 0)
                return null;
            else if (pattern[i] is '(' or ')')
                depth += pattern[i] == '(' ? 1 : -1;
            else if (pattern[i] == '|' && depth == 0)
            {
                alternatives.Add(pattern[start..i]);
                start = i + 1;
            }
        }
        alternatives.Add(pattern[start..]);
        return alternatives;
    }

    /// <summary>The longest required run of plain characters in one alternative; null if it cannot tell.</summary>
    private static string? Longest(string alternative)
    {
        var longest = "";
        var run = new StringBuilder();
        for (var i = 0; i < alternative.Length; i++)
        {
            var c = alternative[i];
            if (c == '\\' && i + 1 < alternative.Length && EscapedPunctuation.Contains(alternative[i + 1]))
            {
                run.Append(alternative[++i]);
                continue;
            }
            if (c is not ('\\' or '[' or '(' or '.' or '^' or '$' or '*' or '+' or '?' or '{'))
            {
                run.Append(c);
                continue;
            }
            // A quantifier makes the atom before it optional or repeated. Every atom but a plain character
            // has ended the run already, so when the run goes on, its last character is that atom.
            if (c is '*' or '+' or '?' or '{' && run.Length > 0)
                run.Length--;
            Keep(ref longest, run);
            if ((i = AtomEnd(alternative, i)) < 0)
                return null;
        }
        Keep(ref longest, run);
        return longest;
    }

    private static void Keep(ref string longest, StringBuilder run)
    {
        if (run.Length > longest.Length)
            longest = run.ToString();
        run.Clear();
    }

    /// <summary>The index of the last character of the atom (not a plain character) at <paramref name="at"/>;
    /// -1 when this does not read it.</summary>
    private static int AtomEnd(string text, int at) => text[at] switch
    {
        // Classes and word boundaries; any other escape (\n, \x41, \p{L}, a backreference) is not read.
        '\\' => at + 1 < text.Length && "dDsSwWbB".Contains(text[at + 1]) ? at + 1 : -1,
        '[' => ClassEnd(text, at),
        '(' => GroupEnd(text, at),
        '{' => QuantifierEnd(text, at),
        _ => at,
    };

    /// <summary>
    /// The index of the ')' that closes the group opened at <paramref name="open"/>; -1 unless the group is
    /// plain, (...) or (?:...): inline options, lookarounds and the like change what the rest matches.
    /// What is inside is skipped whole, options set in there end with it.
    /// </summary>
    private static int GroupEnd(string text, int open)
    {
        if (open + 1 < text.Length && text[open + 1] == '?' && (open + 2 >= text.Length || text[open + 2] != ':'))
            return -1;
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '\\')
                i++;
            else if (text[i] == '[' && (i = ClassEnd(text, i)) < 0)
                return -1;
            else if (text[i] == '(')
                depth++;
            else if (text[i] == ')' && --depth == 0)
                return i;
        }
        return -1;
    }

    /// <summary>
    /// The index of the ']' that closes the class opened at <paramref name="open"/>; -1 for a class with a
    /// '[' in it (a subtraction, [a-z-[aeiou]], which this does not read).
    /// </summary>
    private static int ClassEnd(string text, int open)
    {
        var i = open + 1;
        if (i < text.Length && text[i] == '^')
            i++;
        // A ']' first in the class is one of its characters.
        if (i < text.Length && text[i] == ']')
            i++;
        for (; i < text.Length; i++)
        {
            if (text[i] == '\\')
                i++;
            else if (text[i] == '[')
                return -1;
            else if (text[i] == ']')
                return i;
        }
        return -1;
    }

    /// <summary>The index of the '}' of a {n}, {n,} or {n,m} quantifier; -1 when the brace is not one.</summary>
    private static int QuantifierEnd(string text, int open)
    {
        var i = open + 1;
        var digits = 0;
        var comma = false;
        for (; i < text.Length && (char.IsAsciiDigit(text[i]) || (text[i] == ',' && !comma)); i++)
        {
            comma |= text[i] == ',';
            digits += char.IsAsciiDigit(text[i]) ? 1 : 0;
        }
        return i < text.Length && text[i] == '}' && digits > 0 ? i : -1;
    }
}
