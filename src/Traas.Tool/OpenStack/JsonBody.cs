namespace Traas.Tool.OpenStack;

internal static class JsonBody
{
    /// <summary>
    /// A JSON body with a Content-Length. Streamed (chunked) bodies reach Keystone's WSGI server
    /// empty: "Expecting to find auth in request body".
    /// </summary>
    public static StringContent Of(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
