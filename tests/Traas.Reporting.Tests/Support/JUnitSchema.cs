using System.Xml;
using System.Xml.Schema;

namespace Traas.Reporting.Tests.Support;

/// <summary>The Jenkins xunit-plugin junit-10.xsd, committed under Schemas/ (see SOURCE.md there).</summary>
internal static class JUnitSchema
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet();
        set.Add(null, Path.Combine(RepoPaths.Schemas, "junit-10.xsd"));
        set.Compile();
        return set;
    });

    /// <summary>Throws <see cref="XmlSchemaValidationException"/> at the first violation.</summary>
    public static void Validate(string junit)
    {
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationEventHandler += (_, e) => throw e.Exception;
        using var reader = XmlReader.Create(new StringReader(junit), settings);
        while (reader.Read())
        {
        }
    }
}
