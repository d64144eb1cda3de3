package dev.releasepolicy.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
        assertThat(root.getAttribute("tests")).isEqualTo("5");
        assertThat(root.getAttribute("failures")).isEqualTo("3");
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
        assertThat(tests).isEqualTo(5);
        assertThat(failures).isEqualTo(3);
    }

    @Test
    void write_specialCharactersSurviveARoundTrip() throws Exception {
        Document doc = parse(ReportFixture.render(new JunitReport()));

        Element failure = (Element) doc.getElementsByTagName("failure").item(1);
        assertThat(failure.getAttribute("message")).isEqualTo("rollback target \"v2.0\" equals the new version <&>");
        assertThat(failure.getAttribute("type")).isEqualTo("rollback-plan");
        assertThat(failure.getTextContent())
                .contains("release/canary-api.yaml:24:9: error:", "at:   /spec/rollback/to");
        Element testcase = (Element) failure.getParentNode();
        assertThat(testcase.getAttribute("classname")).isEqualTo("release/canary-api.yaml");
        assertThat(testcase.getAttribute("name")).isEqualTo("api-v2-0");
        assertThat(testcase.getElementsByTagName("system-out").item(0).getTextContent())
                .contains(
                        "warning: no dashboards, alerts: none",
                        "waived error: outside every allow window,\n    next opens");
    }

    @Test
    void attr_keepsLineBreaksAndReplacesIllegalCharacters() throws Exception {
        String value = "a\nb\tc\r\"<&>\u0001\uD800";
        Document doc = parse("<x v=\"" + JunitReport.attr(value) + "\">" + JunitReport.text(value) + "</x>");

        assertThat(doc.getDocumentElement().getAttribute("v")).isEqualTo("a\nb\tc\r\"<&>\uFFFD\uFFFD");
        assertThat(doc.getDocumentElement().getTextContent()).isEqualTo("a\nb\tc\r\"<&>\uFFFD\uFFFD");
    }
}
