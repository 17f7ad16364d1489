using System.Text.Json.Serialization;

namespace Traas.Tool.Model;

/// <summary>
/// A result class in JSON (the state file, the comment's history) is its label: "PASSED", "NODE_FAILURE".
/// </summary>
internal sealed class JobResultJsonConverter : JsonConverter<JobResult>
{
    public override JobResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var label = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return JobResults.FromLabel(label) ?? throw new JsonException($"'{label}' is not a result class");
    }

    public override void Write(Utf8JsonWriter writer, JobResult value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Label());
}
