package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reports of {@code verify examples/invalid/} as CI systems read them: JUnit against Jenkins xUnit's
 * junit-10.xsd constraints, SARIF against the official SARIF 2.1.0 schema (both kept in core's test resources).
 */
class CiReportsTest {

    private static final Path RESOURCES = Path.of("..", "core", "src", "test", "resources");

    private static String verify(String format) {
        VerifyCommandTest.Run r = VerifyCommandTest.run(
                "verify",
                "--now",
                VerifyCommandTest.NOW,
                "--format",
                format,
                VerifyCommandTest.EXAMPLES.resolve("invalid").toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        return r.out();
    }

    @Test
    void junitOfTheInvalidExamples_validatesAgainstJunit10Xsd() throws Exception {
        String xml = verify("junit");

        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(RESOURCES.resolve("junit/jenkins-xunit-junit-10.xsd").toFile())
                .newValidator()
                .validate(new StreamSource(new StringReader(xml)));
        assertThat(xml).contains("type=\"release-policy.yaml\"").doesNotContain("type=\"yaml\"");
    }

    @Test
    void sarifOfTheInvalidExamples_validatesAgainstTheSarif210Schema() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        JsonNode sarif = json.readTree(verify("sarif"));
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                .getSchema(json.readTree(Files.readString(RESOURCES.resolve("sarif/sarif-2.1.0-rtm.5.json"))));

        assertThat(schema.validate(sarif)).isEmpty();
        JsonNode result = sarif.at("/runs/0/results/0");
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uriBaseId")
                        .asString())
                .isEqualTo("%SRCROOT%");
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri")
                        .asString())
                .startsWith("examples/invalid/");
        assertThat(sarif.at("/runs/0/automationDetails/id").asString()).isEqualTo("release-policy/cli/");
        assertThat(sarif.at("/runs/0/tool/driver/rules").valueStream())
                .allSatisfy(rule ->
                        assertThat(rule.at("/fullDescription/text").asString()).isNotBlank())
                .anySatisfy(rule -> assertThat(rule.at("/help/text").asString()).contains("policies/"));
    }
}
