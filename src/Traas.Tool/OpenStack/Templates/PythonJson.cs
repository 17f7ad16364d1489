namespace Traas.Tool.OpenStack.Templates;

/// <summary>
/// Python's json.dumps with its defaults (", " and ": " separators, ensure_ascii), which heatclient
/// uses to put nested templates into the files map: Heat compares those strings, so ours match byte for byte.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject map:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in map)
                {
                    if (!first)
                        builder.Append(", ");
                    first = false;
                    String(builder, key);
                    builder.Append(": ");
                    Write(builder, value);
                }
                builder.Append('}');
                break;
            case JsonArray list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                        builder.Append(", ");
                    Write(builder, list[i]);
                }
                builder.Append(']');
                break;
            case JsonValue value:
                Value(builder, value);
                break;
        }
    }

    private static void Value(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                String(builder, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Number when value.TryGetValue<long>(out var integer):
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Number when value.TryGetValue<double>(out var real):
                builder.Append(FloatRepr(real));
                break;
            case JsonValueKind.Number:
                // A JSON number from a JSON template keeps its own text (json.loads gives int or float).
                builder.Append(value.ToJsonString());
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    private static void String(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }

    /// <summary>Python's float repr: the shortest round-tripping digits, scientific below 1e-4 or from 1e16.</summary>
    internal static string FloatRepr(double value)
    {
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsInfinity(value))
            return value > 0 ? "Infinity" : "-Infinity";
        // .NET gives the same shortest digits as Python, laid out differently ("1E-05", "100").
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        r = r.TrimStart('-');
        var e = r.IndexOf('E');
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.') is var at and >= 0 ? at : mantissa.Length;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        // value = 0.DIGITS x 10^decimalExponent
        var decimalExponent = point + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0').TrimEnd('0');
        decimalExponent -= leading;
        if (digits.Length == 0)
            return negative ? "-0.0" : "0.0";
        var sign = negative ? "-" : "";
        var sciExponent = decimalExponent - 1;
        if (sciExponent < -4 || sciExponent >= 16)
        {
            var sci = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            return $"{sign}{sci}e{(sciExponent < 0 ? "-" : "+")}{Math.Abs(sciExponent):00}";
        }
        if (decimalExponent <= 0)
            return $"{sign}0.{new string('0', -decimalExponent)}{digits}";
        if (decimalExponent >= digits.Length)
            return $"{sign}{digits}{new string('0', decimalExponent - digits.Length)}.0";
        return $"{sign}{digits[..decimalExponent]}.{digits[decimalExponent..]}";
    }
}
