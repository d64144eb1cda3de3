package dev.releasepolicy.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

class JunitReportTest {

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void write_isWellFormedWithConsistentCounts() throws Exception {
        Document doc = parse(ReportFixture.render(new JunitReport()));

        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("8");
        assertThat(root.getAttribute("failures")).isEqualTo("4");
        NodeList suites = root.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(4);
        int tests = 0;
        int failures = 0;
        for (int i = 0; i < suites.getLength(); i++) {
            Element s = (Element) suites.item(i);
            NodeList cases = s.getElementsByTagName("testcase");
            assertThat(s.getAttribute("tests")).isEqualTo(Integer.toString(cases.getLength()));
            assertThat(s.getAttribute("failures"))
                    .isEqualTo(
                            Integer.toString(s.getElementsByTagName("failure").getLength()));
            tests += cases.getLength();
            failures += s.getElementsByTagName("failure").getLength();
        }
        assertThat(tests).isEqualTo(8);
        assertThat(failures).isEqualTo(4);
    }

    @Test
    void write_specialCharactersSurviveARoundTrip() throws Exception {
        Document doc = parse(ReportFixture.render(new JunitReport()));

        Element failure = (Element) doc.getElementsByTagName("failure").item(1);
        assertThat(failure.getAttribute("message")).isEqualTo("rollback target \"v2.0\" equals the new version <&>");
        assertThat(failure.getAttribute("type")).isEqualTo("release-policy.rollback-plan");
        assertThat(failure.getTextContent())
                .contains("release/canary-api.yaml:24:9: error:", "at:   /spec/rollback/to");
        Element testcase = (Element) failure.getParentNode();
        assertThat(testcase.getAttribute("classname")).isEqualTo("release/canary-api.yaml.api-v2-0");
        assertThat(testcase.getAttribute("name")).isEqualTo("rollback-plan");
        Element waived = (Element) doc.getElementsByTagName("system-out").item(1);
        assertThat(((Element) waived.getParentNode()).getAttribute("name")).isEqualTo("release-window");
        assertThat(waived.getTextContent()).contains("waived error: outside every allow window,\n    next opens");
    }

    @Test
    void attr_keepsLineBreaksAndReplacesIllegalCharacters() throws Exception {
        String value = "a\nb\tc\r\"<&>\u0001\uD800";
        Document doc = parse("<x v=\"" + JunitReport.attr(value) + "\">" + JunitReport.text(value) + "</x>");

        assertThat(doc.getDocumentElement().getAttribute("v")).isEqualTo("a\nb\tc\r\"<&>\uFFFD\uFFFD");
        assertThat(doc.getDocumentElement().getTextContent()).isEqualTo("a\nb\tc\r\"<&>\uFFFD\uFFFD");
    }

    /** The report GitLab, Jenkins and Azure read: the fixture plus names that used to break them. */
    private static String consumerReport() {
        VerifyReport fixture = ReportFixture.report();
        List<ManifestResult> manifests = new ArrayList<>(fixture.manifests());
        String twice = "release/two.v1.yaml";
        manifests.add(new ManifestResult(
                twice,
                0,
                "api.v1",
                List.of(Finding.error("rollback-plan", "a", "", new Location(twice, 2, 1), "/spec"))));
        manifests.add(new ManifestResult(
                twice,
                1,
                "api.v1",
                List.of(Finding.error("rollback-plan", "b", "", new Location(twice, 9, 1), "/spec"))));
        StringBuilder sb = new StringBuilder();
        try {
            new JunitReport().write(new VerifyReport(fixture.files(), manifests), sb);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return sb.toString();
    }

    @Test
    void write_validatesAgainstJenkinsXunitJunit10Schema() throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        Schema schema = factory.newSchema(getClass().getResource("/junit/jenkins-xunit-junit-10.xsd"));
        Validator validator = schema.newValidator();

        validator.validate(new StreamSource(new StringReader(consumerReport())));

        // The schema really is enforced: the attribute the old report put on <testsuites> is refused.
        String withSkipped = consumerReport().replaceFirst("<testsuites ", "<testsuites skipped=\"0\" ");
        assertThatThrownBy(() -> validator.validate(new StreamSource(new StringReader(withSkipped))))
                .isInstanceOf(SAXParseException.class)
                .hasMessageContaining("skipped");
    }

    /**
     * GitLab reads JUnit with ActiveSupport's {@code Hash.from_xml}: a {@code type} attribute of {@code yaml} or
     * {@code symbol} makes it refuse the whole report ("Disallowed type attribute"), and the type names it casts
     * ({@code integer}, {@code array}, ...) change what it reads.
     */
    @Test
    void write_noTypeAttributeActiveSupportRefusesOrCasts() throws Exception {
        Set<String> activeSupportTypes = Set.of(
                "symbol",
                "yaml",
                "array",
                "hash",
                "date",
                "datetime",
                "dateTime",
                "integer",
                "float",
                "decimal",
                "double",
                "boolean",
                "string",
                "base64Binary",
                "file");
        Document doc = parse(consumerReport());

        NodeList all = doc.getElementsByTagName("*");
        List<String> types = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("type")) {
                types.add(e.getAttribute("type"));
            }
        }

        assertThat(types)
                .isNotEmpty()
                .allSatisfy(
                        t -> assertThat(t).startsWith(JunitReport.TYPE_PREFIX).isNotIn(activeSupportTypes));
        assertThat(types).contains("release-policy.yaml", "release-policy.schema");
    }

    /** Jenkins splits classname at the last dot: package = file, class = manifest, test = rule. */
    @Test
    void write_classnameSplitsAsFileManifestRuleAndCasesAreUnique() throws Exception {
        Document doc = parse(consumerReport());

        NodeList cases = doc.getElementsByTagName("testcase");
        Set<String> seen = new HashSet<>();
        List<String> jenkins = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            String classname = c.getAttribute("classname");
            int dot = classname.lastIndexOf('.');
            jenkins.add(classname.substring(0, dot) + " > " + classname.substring(dot + 1) + " > "
                    + c.getAttribute("name"));
            assertThat(seen.add(classname + "#" + c.getAttribute("name")))
                    .as("unique case %s", classname)
                    .isTrue();
        }

        assertThat(jenkins)
                .contains(
                        "release/broken.yaml > (file) > yaml",
                        "release/canary-api.yaml > api-v2-0 > rollback-plan",
                        "release/canary-api.yaml > api-v2-0 > monitoring",
                        "release/canary-api.yaml > api-v2-1 > all rules",
                        "release/web/blue green.yaml > web-v3 > schema",
                        "release/two.v1.yaml > document 1 > rollback-plan",
                        "release/two.v1.yaml > document 2 > rollback-plan");
    }

    @Test
    void write_forgedHintStaysInsideTheFailureText() throws Exception {
        String file = "release/x.yaml";
        VerifyReport report = new VerifyReport(
                List.of(),
                List.of(new ManifestResult(
                        file,
                        0,
                        "x",
                        List.of(Finding.error(
                                "team",
                                "bad\u001B[31m",
                                "fix it\n::error file=bad.yaml,line=1::FORGED\u0000",
                                new Location(file, 1, 1),
                                "/spec")))));
        StringBuilder sb = new StringBuilder();
        new JunitReport().write(report, sb);

        Element failure =
                (Element) parse(sb.toString()).getElementsByTagName("failure").item(0);
        assertThat(failure.getTextContent())
                .contains("bad\\x1B[31m", "\n    \\x3A:error file=bad.yaml,line=1::FORGED\\x00")
                .doesNotContain("\u001B", "\n::");
    }
}
