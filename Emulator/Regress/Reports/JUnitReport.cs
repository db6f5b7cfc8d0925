using System.Globalization;
using System.Xml;
using Emu.Regress.Running;

namespace Emu.Regress.Reports;

/// <summary>
/// The JUnit XML report: one testcase per case run; a failure carries the reason and the COM1 tail
/// in its message and body; artifacts are attached the way Jenkins' and GitLab's JUnit readers take
/// them (<c>[[ATTACHMENT|path]]</c> lines in system-out). The root element has the totals.
/// </summary>
public static class JUnitReport
{
    public static void Write(string path, IReadOnlyList<CaseResult> results, TimeSpan wall)
    {
        int failures = results.Count(r => r.Outcome == CaseOutcome.Failed);
        string time = wall.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        XmlWriterSettings settings = new() { Indent = true };
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        Directory.CreateDirectory(folder!);
        using XmlWriter xml = XmlWriter.Create(path, settings);
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "emu regress");
        xml.WriteAttributeString("tests", results.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("time", time);
        foreach (IGrouping<string, CaseResult> suite in results.GroupBy(r => r.Case.Manifest.Path))
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", suite.Key);
            xml.WriteAttributeString("tests", suite.Count().ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", suite.Count(r => r.Outcome == CaseOutcome.Failed).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("errors", "0");
            xml.WriteAttributeString("skipped", "0");
            xml.WriteAttributeString("time", suite.Sum(r => r.Duration.TotalSeconds).ToString("0.000", CultureInfo.InvariantCulture));
            foreach (CaseResult result in suite)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("classname", Path.GetFileNameWithoutExtension(suite.Key));
                xml.WriteAttributeString("name", result.Case.RunName);
                xml.WriteAttributeString("time", result.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture));
                if (result.Outcome == CaseOutcome.Failed)
                {
                    string message = $"{result.Failure}\n--- COM1 (last lines) ---\n{result.SerialTail}";
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("type", "regress");
                    xml.WriteAttributeString("message", Clean(message));
                    xml.WriteString(Clean(message + $"\n--- artifacts: {result.ArtifactDirectory}\n"));
                    xml.WriteEndElement();
                }

                xml.WriteStartElement("system-out");
                xml.WriteString(string.Concat(result.Artifacts.Select(a => $"[[ATTACHMENT|{a}]]\n")));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    /// <summary>Drops what XML 1.0 cannot carry (guest output has control bytes).</summary>
    private static string Clean(string text) =>
        string.Concat(text.Where(c => c is '\n' or '\t' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF && !char.IsSurrogate(c))));
}
