using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Privc.Diagnostics;

namespace Privc.Cli.Output;

/// <summary>
/// JUnit XML (the Ant/Jenkins dialect CI servers read) for <c>check</c>: one test case per intent, failed when
/// violated, skipped when not judged; one failed case per input error, so a malformed input fails the suite too.
/// It reads the command's JSON result (<c>intents</c>: name, status, location, violations), so both formats tell
/// the same story.
/// </summary>
public static class JUnit
{
    public static string Write(CommandReport report, int exitCode)
    {
        var cases = new List<(string Name, string ClassName, string? Failure, string? Detail, bool Skipped)>();
        foreach (var error in report.Diagnostics.Distinct().Order().Where(d => d.IsError))
        {
            cases.Add(($"{error.Code} {error.DisplayPath}", "privc.input", error.Message, DiagnosticFormatter.FormatHeader(error), false));
        }
        foreach (var intent in (report.Result?["intents"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = (string?)intent["name"] ?? "?";
            var status = (string?)intent["status"] ?? string.Empty;
            var location = (string?)intent["location"];
            var violations = (intent["violations"] as JsonArray ?? []).Select(v => (string?)(v as JsonObject)?["message"] ?? v?.ToString()).ToList();
            cases.Add((
                name,
                "privc.intent",
                status == "violated" ? $"{name} is violated{(location is null ? string.Empty : " (" + location + ")")}" : null,
                violations.Count == 0 ? null : string.Join('\n', violations),
                status is "not judged" or "undecided"));
        }
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartElement("testsuites");
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", "privc " + report.Command);
            xml.WriteAttributeString("tests", cases.Count.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", cases.Count(c => c.Failure is not null && c.ClassName == "privc.intent").ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("errors", cases.Count(c => c.ClassName == "privc.input").ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("skipped", cases.Count(c => c.Skipped).ToString(CultureInfo.InvariantCulture));
            xml.WriteStartElement("properties");
            WriteProperty(xml, "outcome", report.Outcome ?? MachineOutput.Outcome(exitCode));
            WriteProperty(xml, "exitCode", exitCode.ToString(CultureInfo.InvariantCulture));
            xml.WriteEndElement();
            foreach (var (name, className, failure, detail, skipped) in cases)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", name);
                xml.WriteAttributeString("classname", className);
                if (className == "privc.input")
                {
                    xml.WriteStartElement("error");
                    xml.WriteAttributeString("message", failure!);
                    xml.WriteString(detail ?? string.Empty);
                    xml.WriteEndElement();
                }
                else if (failure is not null)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", failure);
                    xml.WriteString(detail ?? string.Empty);
                    xml.WriteEndElement();
                }
                else if (skipped)
                {
                    xml.WriteStartElement("skipped");
                    xml.WriteAttributeString("message", detail ?? "not judged");
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            var warnings = report.Diagnostics.Distinct().Order().Where(d => !d.IsError).Select(DiagnosticFormatter.FormatHeader).ToList();
            if (warnings.Count > 0)
            {
                xml.WriteElementString("system-err", string.Join('\n', warnings));
            }
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
    }
}
