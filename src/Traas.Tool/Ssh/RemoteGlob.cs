namespace Traas.Tool.Ssh;

/// <summary>
/// A collect glob on the undercloud: `*` and `?` within a name, `**` any depth, and a path with no
/// wildcard meaning that file or everything under that folder. Hand-written rather than
/// Microsoft.Extensions.FileSystemGlobbing: that library has no `?` and does not take a bare folder
/// for everything under it (both shown by CollectGlobSpecs on the same cases), and README promises
/// both.
/// </summary>
internal static class RemoteGlob
{
    /// <summary>The glob as an absolute remote path: relative ones are under the log's folder, ~/ under home.</summary>
    public static string Resolve(string glob, string home, string logFolder) =>
        glob.StartsWith('/') ? glob
        : glob == "~" || glob.StartsWith("~/", StringComparison.Ordinal) ? home.TrimEnd('/') + glob[1..]
        : logFolder.TrimEnd('/') + "/" + glob;

    /// <summary>
    /// Splits /a/b/*/c/** into the folder with no wildcard above it (/a/b) and a matcher for the rest.
    /// </summary>
    public static (string Root, Regex Pattern) Split(string absoluteGlob)
    {
        var parts = absoluteGlob.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var fixedCount = parts.TakeWhile(p => p.IndexOfAny(['*', '?']) < 0).Count();
        // No wildcard: the path itself (a file), or everything under it (a folder).
        var plain = fixedCount == parts.Length;
        if (plain)
            fixedCount = Math.Max(0, parts.Length - 1);
        var root = "/" + string.Join('/', parts.Take(fixedCount));
        var rest = parts.Skip(fixedCount).ToArray();
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < rest.Length; i++)
        {
            var last = i == rest.Length - 1;
            if (rest[i] == "**")
            {
                regex.Append(last ? ".*" : "(?:.*/)?");
                continue;
            }
            foreach (var c in rest[i])
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
            if (!last)
                regex.Append('/');
        }
        regex.Append(plain ? "(?:/.*)?\\z" : "\\z");
        // Matched against names the node chose: no backtracking over them. A name may hold a newline (. matches it,
        // and the end is the name's end, not a last newline's).
        return (root, new Regex(regex.ToString(),
            RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking));
    }
}
