namespace Traas.Tool.OpenStack;

/// <summary>The one-line explanation an OpenStack service puts in an error response.</summary>
internal static class OpenStackError
{
    public static async Task<string> ExplainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var body = JsonNode.Parse(text);
            // Heat: {"error": {"message": ..., "type": ...}, "explanation": ...};
            // Keystone: {"error": {"message": ...}}.
            var message = (string?)body?["error"]?["message"] ?? (string?)body?["explanation"]
                ?? (string?)body?["message"];
            var type = (string?)body?["error"]?["type"];
            if (message is not null)
                return type is null ? message.Trim() : $"{type}: {message.Trim()}";
        }
        catch (JsonException)
        {
        }
        var plain = text.ReplaceLineEndings(" ").Trim();
        return plain.Length == 0 ? response.ReasonPhrase ?? "no explanation"
            : plain.Length > 300 ? plain[..300] + "\u2026"
            : plain;
    }
}
