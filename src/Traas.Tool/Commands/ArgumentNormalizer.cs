using System.Reflection;
using CommandLine;

namespace Traas.Tool.Commands;

/// <summary>What the command line asked for, in the one form CommandLineParser reads unambiguously.</summary>
/// <param name="Verb">The verb.</param>
/// <param name="Arguments">The verb, every option as --name=value (or --flag), then --, then the positionals.</param>
/// <param name="Given">The long names of the options given (a default was not given).</param>
/// <param name="Help">The user asked for the verb's help (-h, --help, help VERB).</param>
internal sealed record NormalizedArguments(
    string Verb, IReadOnlyList<string> Arguments, IReadOnlySet<string> Given, bool Help);

/// <summary>
/// Reads a command line the way openstack's argparse does, before CommandLineParser sees it:
/// options and positionals in any order, each option taking one value (so `-e E NAME` leaves NAME
/// a positional), `--name=value`, `-xVALUE`, repeated options collected, `--` ending the options.
/// CommandLineParser alone lets a repeatable option swallow the positionals after it, silently; it
/// is given this class's output, where that cannot happen, and keeps the types, defaults, required
/// checks and help text. Why not a library: none of those served here reads openstack's order and
/// still takes CommandLineParser's attributes (the design card's parser).
/// </summary>
internal static class ArgumentNormalizer
{
    /// <param name="Number">int, long or double for a number, else null.</param>
    private sealed record OptionSpec(string LongName, char? ShortName, bool TakesValue, bool Repeats, Type? Number);

    /// <exception cref="UsageException">A line that cannot be read unambiguously.</exception>
    public static NormalizedArguments Normalize(IReadOnlyList<string> args, IReadOnlyList<Type> verbs)
    {
        var verbTypes = verbs.ToDictionary(v => v.GetCustomAttribute<VerbAttribute>()!.Name, StringComparer.Ordinal);
        var help = false;
        var rest = args.ToList();
        if (rest is ["help", ..] or ["-h" or "--help", _, ..])
        {
            help = true;
            rest.RemoveAt(0);
        }
        if (rest.Count == 0 || rest[0] is "-h" or "--help")
            throw new UsageException(null, rest.Count == 0 && !help ? "give a verb" : null);
        var verb = rest[0];
        if (!verbTypes.TryGetValue(verb, out var type))
            throw new UsageException(null, $"'{verb}' is not a verb of traas-ci");
        var options = OptionsOf(type);
        var positionalCount = PositionalCount(type);
        var canonical = new List<string> { verb };
        var positionals = new List<string>();
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < rest.Count; i++)
        {
            var token = rest[i];
            if (token == "--")
            {
                positionals.AddRange(rest.Skip(i + 1));
                break;
            }
            if (token is "-h" or "--help")
            {
                help = true;
                continue;
            }
            if (!IsOption(token))
            {
                positionals.Add(token);
                continue;
            }
            var (spec, inlineValue) = Find(verb, options, token);
            if (!spec.Repeats && !given.Add(spec.LongName))
                throw new UsageException(verb, $"--{spec.LongName} is given twice; give it once");
            given.Add(spec.LongName);
            if (!spec.TakesValue)
            {
                if (inlineValue is not null)
                    throw new UsageException(verb, $"--{spec.LongName} takes no value (got '{inlineValue}')");
                canonical.Add($"--{spec.LongName}");
                continue;
            }
            var value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= rest.Count || rest[i + 1] == "--")
                    throw new UsageException(verb, $"{token} needs a value");
                // argparse reads a value that starts with '-' as an option too; '=' is the way round it.
                if (IsOption(rest[i + 1]))
                {
                    throw new UsageException(verb,
                        $"{token} needs a value; for one that starts with '-', write --{spec.LongName}=VALUE");
                }
                value = rest[++i];
            }
            if (value.Length == 0)
                throw new UsageException(verb, $"{token} needs a value, not an empty one");
            if (spec.Number is { } number)
                CheckNumber(verb, spec.LongName, value, number);
            canonical.AddRange(Canonical(verb, spec.LongName, value));
        }
        if (!help && positionals.Count > positionalCount)
        {
            var extra = string.Join(", ", positionals.Skip(positionalCount).Select(p => $"'{p}'"));
            throw new UsageException(verb, positionalCount == 0
                ? $"{verb} takes no positional argument, but got {extra}"
                : $"{verb} takes {positionalCount} positional argument{(positionalCount == 1 ? "" : "s")}; "
                    + $"{extra} is one too many");
        }
        if (!help && NamesAStack(type) && positionals is [var name, ..] && LooksLikeAFile(name))
        {
            throw new UsageException(verb, $"'{name}' would be the stack's name, but it looks like a file; "
                + $"if it is an environment, give -e {name} (each -e takes one file), else choose another name");
        }
        canonical.Add("--");
        canonical.AddRange(positionals);
        return new NormalizedArguments(verb, canonical, given, help);
    }

    /// <summary>
    /// --name=value; but CommandLineParser's tokenizer refuses that form when the value starts with a space or
    /// holds a line break (BadFormatTokenError, naming nothing), so such a value, which cannot be taken for an
    /// option as long as it does not start with '-', follows its option as a token of its own. openstack takes
    /// either as given.
    /// </summary>
    private static IEnumerable<string> Canonical(string verb, string name, string value)
    {
        if (value[0] != ' ' && !value.Contains('\n', StringComparison.Ordinal))
            return [$"--{name}={value}"];
        if (value[0] == '-')
            throw new UsageException(verb, $"--{name}: a value that starts with '-' cannot hold a line break");
        return [$"--{name}", value];
    }

    /// <summary>
    /// A number as the invariant culture writes it, whatever the machine's culture: a comma is refused, not
    /// read as a thousands separator (1,5 would be 15) nor as a decimal point.
    /// </summary>
    private static void CheckNumber(string verb, string name, string value, Type number)
    {
        var invariant = CultureInfo.InvariantCulture;
        var read = number == typeof(double)
            ? double.TryParse(value, NumberStyles.Float, invariant, out var real) && double.IsFinite(real)
            : number == typeof(long)
                ? long.TryParse(value, NumberStyles.Integer, invariant, out _)
                : int.TryParse(value, NumberStyles.Integer, invariant, out _);
        if (read)
            return;
        var what = number == typeof(double) ? "a number" : "a whole number";
        throw new UsageException(verb, value.Contains(',', StringComparison.Ordinal)
            ? $"--{name} {value}: give {what}"
                + (number == typeof(double) ? ", with '.' as the decimal point, never ','" : ", without ','")
            : $"--{name} {value}: give {what}");
    }

    /// <summary>
    /// An option, not a value: starts with '-', but is not '-' (standard input) nor a negative number.
    /// </summary>
    private static bool IsOption(string token) =>
        token.Length > 1 && token[0] == '-' && token != "--"
            && !double.TryParse(token, CultureInfo.InvariantCulture, out _);

    private static (OptionSpec Spec, string? InlineValue) Find(string verb, IReadOnlyList<OptionSpec> options,
        string token)
    {
        if (token.StartsWith("--", StringComparison.Ordinal))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? token[2..] : token[2..equals];
            var spec = options.FirstOrDefault(o => o.LongName == name)
                ?? throw new UsageException(verb, $"{verb} has no option --{name}");
            return (spec, equals < 0 ? null : token[(equals + 1)..]);
        }
        var shortSpec = options.FirstOrDefault(o => o.ShortName == token[1])
            ?? throw new UsageException(verb, $"{verb} has no option -{token[1]}");
        // -eFILE, as argparse reads it; a flag takes nothing after it.
        return (shortSpec, token.Length > 2 ? token[2..].TrimStart('=') : null);
    }

    private static List<OptionSpec> OptionsOf(Type type) =>
        Hierarchy(type)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()))
            .Where(x => x.Option is not null)
            .Select(x => new OptionSpec(x.Option!.LongName,
                x.Option.ShortName.Length > 0 ? x.Option.ShortName[0] : null,
                TakesValue: x.Property.PropertyType != typeof(bool),
                Repeats: x.Property.PropertyType != typeof(string)
                    && typeof(System.Collections.IEnumerable).IsAssignableFrom(x.Property.PropertyType),
                NumberOf(x.Property.PropertyType)))
            .DistinctBy(o => o.LongName)
            .ToList();

    private static Type? NumberOf(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long)
            || t == typeof(double))
            ? t
            : null;

    /// <summary>Whether the verb's first positional is a stack's NAME.</summary>
    private static bool NamesAStack(Type type) =>
        Hierarchy(type)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Any(p => p.GetCustomAttribute<ValueAttribute>() is { Index: 0, MetaName: "NAME" });

    /// <summary>A Heat stack name has no slash, and one ending in .yaml is far more likely a forgotten -e.</summary>
    private static bool LooksLikeAFile(string name) =>
        name.Contains('/', StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static int PositionalCount(Type type) =>
        Hierarchy(type)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Count(p => p.GetCustomAttribute<ValueAttribute>() is not null);

    /// <summary>
    /// The type, its base classes and its interfaces: CommandLineParser reads options from all of them.
    /// </summary>
    private static IEnumerable<Type> Hierarchy(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            yield return t;
        foreach (var face in type.GetInterfaces())
            yield return face;
    }
}

/// <summary>
/// A command line that cannot be read: one line of what is wrong, and the verb whose help to point at.
/// </summary>
internal sealed class UsageException(string? verb, string? problem) : Exception(problem ?? "help")
{
    public string? Verb => verb;

    public string? Problem => problem;
}
