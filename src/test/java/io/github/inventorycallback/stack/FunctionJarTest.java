package io.github.inventorycallback.stack;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The function jar as `pulumi up` builds it: the language host runs `./mvnw compile` several times per deploy, each
 * packaging lambda/ again without `clean`. Pulumi compares the archive's bytes, so an unchanged function must
 * come out byte for byte the same however many builds ran before, or every deploy would update it.
 */
class FunctionJarTest {
    private static final Path JAR = Path.of(App.FUNCTION_JAR);

    @Test
    void rebuildingWithoutCleanGivesTheSameBytes() throws Exception {
        String built = sha256(JAR);
        for (int build = 1; build <= 2; build++) {
            packageFunction();
            assertEquals(built, sha256(JAR), "build " + build + " after the first changed the jar's bytes");
        }
    }

    /** The pom's package-function step, read from pom.xml, run with the Maven that runs this build. */
    private static void packageFunction() throws Exception {
        Element step = packageFunctionStep();
        String mavenHome = System.getProperty("maven.home");
        assertNotNull(mavenHome, "maven.home: the pom's surefire configuration passes it");
        List<String> command = new ArrayList<>();
        command.add(text(step, "executable").replace("${maven.home}", mavenHome));
        for (String argument : text(step, "commandlineArgs").trim().split("\\s+")) {
            command.add(argument.replace("${project.basedir}", Path.of("").toAbsolutePath().toString()));
        }
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, maven.waitFor(), String.join(" ", command) + "\n" + output);
    }

    private static Element packageFunctionStep() throws Exception {
        NodeList executions = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile()).getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            if (text(execution, "id").equals("package-function")) {
                return execution;
            }
        }
        throw new AssertionError("pom.xml has no package-function execution");
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
