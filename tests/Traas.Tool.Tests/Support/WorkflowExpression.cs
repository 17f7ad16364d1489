using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Traas.Tool.Tests.Support;

/// <summary>
/// The part of GitHub Actions' expression language our workflows' <c>if:</c> and <c>concurrency:</c> use,
/// evaluated as the runner does (docs.github.com "Evaluate expressions in workflows and actions"):
/// property paths with the <c>.*</c> filter, string literals, <c>==</c> and <c>!=</c> (strings compared
/// without case), <c>!</c>, <c>&amp;&amp;</c> and <c>||</c> (which return one of their operands),
/// <c>contains</c>, <c>format</c> and <c>always</c>. Written for the tests; anything else is refused,
/// never guessed.
/// </summary>
public sealed partial class WorkflowExpression
{
    private readonly List<string> tokens;
    private readonly JsonObject context;
    private int next;

    private WorkflowExpression(string text, JsonObject context)
    {
        tokens = [.. Token().Matches(text).Select(m => m.Value).Where(t => !string.IsNullOrWhiteSpace(t))];
        this.context = context;
    }

    /// <summary>The value of <paramref name="text"/> (no ${{ }} around it) in <paramref name="context"/>.</summary>
    public static JsonNode? Evaluate(string text, JsonObject context)
    {
        var expression = new WorkflowExpression(text, context);
        var value = expression.Or();
        return expression.next == expression.tokens.Count
            ? value
            : throw new FormatException($"unexpected '{expression.tokens[expression.next]}' in {text}");
    }

    /// <summary>A string with ${{ }} parts, as a group name or a step's input is.</summary>
    public static string Interpolate(string text, JsonObject context) =>
        Interpolation().Replace(text, m => Text(Evaluate(m.Groups[1].Value, context)));

    public static bool Truthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length > 0,
        JsonValue v when v.TryGetValue<double>(out var d) => d != 0,
        _ => true,
    };

    private JsonNode? Or()
    {
        var left = And();
        while (Take("||"))
        {
            var right = And();
            left = Truthy(left) ? left : right;
        }
        return left;
    }

    private JsonNode? And()
    {
        var left = Comparison();
        while (Take("&&"))
        {
            var right = Comparison();
            left = Truthy(left) ? right : left;
        }
        return left;
    }

    private JsonNode? Comparison()
    {
        var left = Unary();
        if (Take("=="))
            return JsonValue.Create(Equal(left, Unary()));
        if (Take("!="))
            return JsonValue.Create(!Equal(left, Unary()));
        return left;
    }

    private JsonNode? Unary() => Take("!") ? JsonValue.Create(!Truthy(Unary())) : Primary();

    private JsonNode? Primary()
    {
        var token = tokens[next++];
        if (token == "(")
        {
            var value = Or();
            Expect(")");
            return value;
        }
        if (token.StartsWith('\''))
            return JsonValue.Create(token[1..^1].Replace("''", "'", StringComparison.Ordinal));
        if (Take("("))
            return Call(token);
        var path = token.Split('.');
        IEnumerable<JsonNode?> current = [context[path[0]]];
        var filtered = false;
        foreach (var name in path.Skip(1))
        {
            if (name == "*")
            {
                current = current.SelectMany(n => n is JsonArray a ? a : []);
                filtered = true;
            }
            else
            {
                current = current.Select(n => n is JsonObject o ? o[name] : null);
            }
        }
        return filtered ? new JsonArray([.. current.Select(n => n?.DeepClone())]) : current.Single()?.DeepClone();
    }

    private JsonNode? Call(string name)
    {
        var args = new List<JsonNode?>();
        if (!Take(")"))
        {
            do
                args.Add(Or());
            while (Take(","));
            Expect(")");
        }
        return name switch
        {
            "contains" when args[0] is JsonArray list => JsonValue.Create(list.Any(item => Equal(item, args[1]))),
            "contains" => JsonValue.Create(Text(args[0]).Contains(Text(args[1]), StringComparison.OrdinalIgnoreCase)),
            // A status function: the tests evaluate a step whatever came before it.
            "always" => JsonValue.Create(true),
            "format" => JsonValue.Create(string.Format(CultureInfo.InvariantCulture, Text(args[0]),
                [.. args.Skip(1).Select(Text)])),
            _ => throw new FormatException($"{name}() is not supported here"),
        };
    }

    // Strings compare without case; null is the empty string's equal (both coerce to 0).
    private static bool Equal(JsonNode? left, JsonNode? right) =>
        string.Equals(Text(left), Text(right), StringComparison.OrdinalIgnoreCase);

    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => value.ToJsonString(),
    };

    private bool Take(string token)
    {
        if (next < tokens.Count && tokens[next] == token)
        {
            next++;
            return true;
        }
        return false;
    }

    private void Expect(string token)
    {
        if (!Take(token))
            throw new FormatException($"expected '{token}' at token {next}");
    }

    [GeneratedRegex(@"'(?:[^']|'')*'|==|!=|&&|\|\||[!(),]|[A-Za-z_][A-Za-z0-9_-]*(?:\.(?:[A-Za-z_][A-Za-z0-9_-]*|\*))*|\s+")]
    private static partial Regex Token();

    [GeneratedRegex(@"\$\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Interpolation();
}
