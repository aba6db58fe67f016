package io.sluice.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sluice policy}: the policy as a file, through the controller's REST API. The API address
 * and the token come from the options, else from {@code SLUICE_API}/{@code SLUICE_TOKEN}, else from
 * the controller's configuration file ({@code config.yml}: its HTTP port and {@code policy.token}).
 * Exit status: 0 done, 1 refused by the controller (the errors are printed), 2 bad usage, 3 the
 * controller could not be reached.
 */
@Command(name = "sluice policy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read, change and explain the controller's classification policy.",
        subcommands = {PolicyCli.Apply.class, PolicyCli.Export.class, PolicyCli.Versions.class, PolicyCli.Diff.class,
            PolicyCli.Rollback.class, PolicyCli.Classify.class})
public final class PolicyCli {
    static final int REFUSED = 1;
    static final int UNREACHABLE = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    // Strings that look like numbers stay quoted, or a rule id "007" would come back as 7.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    @Option(names = "--api", description = "controller REST base URL (default: from --config, else http://127.0.0.1:8080)")
    String api;

    @Option(names = "--token", description = "bearer token for changes (default: $SLUICE_TOKEN, else policy.token in --config)")
    String token;

    @Option(names = "--config", description = "the controller's configuration file to take the port and token from "
            + "(default: $SLUICE_CONFIG, else config.yml)")
    Path config;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line; returns the exit status (for tests and {@link #main}). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new PolicyCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof Unreachable) {
                err.println("sluice policy: " + e.getMessage());
                return UNREACHABLE;
            }
            if (e instanceof Refused) {
                err.println(e.getMessage());
                return REFUSED;
            }
            err.println("sluice policy: " + e.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    // ---- subcommands ----

    @Command(name = "apply", description = "Replace the policy with a YAML or JSON file; prints what changed.")
    static final class Apply implements Callable<Integer> {
        @ParentCommand
        PolicyCli cli;
        @Option(names = {"-f", "--file"}, required = true, description = "the policy file (YAML or JSON)")
        Path file;
        @Option(names = "--dry-run", description = "only validate and show the diff")
        boolean dryRun;
        @Option(names = {"-m", "--comment"}, description = "why (kept with the version)")
        String comment;
        @Option(names = "--author", description = "who (default: $USER)")
        String author;
        @Option(names = "--if-version", description = "refuse if the policy is no longer at this version")
        Long ifVersion;

        @Override
        public Integer call() throws Exception {
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            String type = text.stripLeading().startsWith("{") ? "application/json" : "application/yaml";
            String query = "?dryRun=" + dryRun + param("author", author == null ? System.getenv("USER") : author)
                    + param("comment", comment == null ? "applied from " + file.getFileName() : comment);
            HttpRequest.Builder r = cli.request("/api/v1/policy" + query).header("Content-Type", type)
                    .PUT(HttpRequest.BodyPublishers.ofString(text));
            if (ifVersion != null) {
                r.header("If-Match", "\"" + ifVersion + "\"");
            }
            JsonNode answer = cli.send(r, true, file.toString());
            JsonNode diff = answer.path("diff");
            PrintWriter out = cli.spec.commandLine().getOut();
            boolean same = diff.path("rulesAdded").isEmpty() && diff.path("rulesRemoved").isEmpty()
                    && diff.path("rulesChanged").isEmpty() && diff.path("otherChanges").isEmpty();
            if (same) {
                out.println("no change: version " + answer.path("version").asLong() + " in force is this policy");
                return 0;
            }
            out.println((dryRun ? "dry run: would change" : "applied: version " + answer.path("version").asLong()
                    + ";") + " rules added " + diff.path("rulesAdded") + ", removed " + diff.path("rulesRemoved")
                    + ", changed " + diff.path("rulesChanged"));
            diff.path("otherChanges").forEach(c -> out.println("  " + c.asText()));
            return 0;
        }
    }

    @Command(name = "export", description = "Print the policy in force (or a version) as YAML or JSON.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        PolicyCli cli;
        @Option(names = "--format", defaultValue = "yaml", description = "yaml or json")
        String format;
        @Option(names = "--version", description = "a stored version instead of the one in force")
        Long version;
        @Option(names = {"-o", "--output"}, description = "write to this file instead of standard output")
        Path output;

        @Override
        public Integer call() throws Exception {
            String path = version == null ? "/api/v1/policy" : "/api/v1/policy/versions/" + version;
            JsonNode answer = cli.send(cli.request(path).GET(), false, null);
            JsonNode policy = answer.path("policy");
            String text;
            if (format.equalsIgnoreCase("json")) {
                text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(policy) + "\n";
            } else if (format.equalsIgnoreCase("yaml")) {
                text = "# Sluice policy version " + answer.path("version").asLong() + " by "
                        + oneLine(answer.path("author").asText()) + " at " + answer.path("createdAt").asText() + ": "
                        + oneLine(answer.path("comment").asText()) + "\n" + YAML.writeValueAsString(policy);
            } else {
                throw new IllegalArgumentException("--format: want yaml or json, got '" + format + "'");
            }
            if (output == null) {
                cli.spec.commandLine().getOut().print(text);
                cli.spec.commandLine().getOut().flush();
            } else {
                Files.writeString(output, text);
            }
            return 0;
        }
    }

    @Command(name = "versions", description = "List the stored versions.")
    static final class Versions implements Callable<Integer> {
        @ParentCommand
        PolicyCli cli;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = cli.send(cli.request("/api/v1/policy/versions").GET(), false, null);
            PrintWriter out = cli.spec.commandLine().getOut();
            answer.path("versions").forEach(v -> out.printf("v%-5d %s  %-12s %s%n", v.path("version").asLong(),
                    v.path("createdAt").asText(), v.path("author").asText(), v.path("comment").asText()));
            return 0;
        }
    }

    @Command(name = "diff", description = "What changed from one version to another (default: to the one in force).")
    static final class Diff implements Callable<Integer> {
        @ParentCommand
        PolicyCli cli;
        @Parameters(index = "0", description = "from version")
        long from;
        @Parameters(index = "1", arity = "0..1", description = "to version")
        Long to;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = cli.send(cli.request("/api/v1/policy/diff?from=" + from + (to == null ? "" : "&to=" + to))
                    .GET(), false, null);
            cli.spec.commandLine().getOut().println(YAML.writeValueAsString(answer));
            return 0;
        }
    }

    @Command(name = "rollback", description = "Put a stored version back in force (as a new version).")
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        PolicyCli cli;
        @Parameters(index = "0", description = "the version to go back to")
        long version;
        @Option(names = "--author", description = "who (default: $USER)")
        String author;

        @Override
        public Integer call() throws Exception {
            JsonNode answer = cli.send(cli.request("/api/v1/policy/rollback/" + version + "?x=1"
                    + param("author", author == null ? System.getenv("USER") : author))
                    .POST(HttpRequest.BodyPublishers.noBody()), true, null);
            cli.spec.commandLine().getOut().println("rolled back to v" + version + ": now version "
                    + answer.path("version").asLong());
            return 0;
        }
    }

    @Command(name = "classify", description = "Explain the class the policy gives a flow.")
    static final class Classify implements Callable<Integer> {
        @ParentCommand
        PolicyCli cli;
        @Option(names = "--src", required = true)
        String src;
        @Option(names = "--dst", required = true)
        String dst;
        @Option(names = "--proto", defaultValue = "tcp")
        String proto;
        @Option(names = "--sport", defaultValue = "0")
        int sport;
        @Option(names = "--dport", defaultValue = "0")
        int dport;

        @Override
        public Integer call() throws Exception {
            JsonNode a = cli.send(cli.request("/api/v1/classify?src=" + enc(src) + "&dst=" + enc(dst) + "&proto="
                    + enc(proto) + "&sport=" + sport + "&dport=" + dport).GET(), false, null);
            cli.spec.commandLine().getOut().println(a.path("class").asText() + " (" + a.path("reason").asText()
                    + "; DSCP " + a.path("dscp").asInt() + ", queue " + a.path("queue").asInt() + ")");
            return 0;
        }
    }

    // ---- HTTP ----

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
    }

    /** Sends; returns the JSON answer of a 2xx, else throws {@link Refused} with the errors in words. */
    JsonNode send(HttpRequest.Builder r, boolean authorised, String file) throws IOException, InterruptedException {
        if (authorised) {
            String t = token();
            if (t != null) {
                r.header("Authorization", "Bearer " + t);
            }
        }
        HttpRequest request = r.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new Unreachable("cannot reach the controller at " + baseUrl() + " (is it running? ./sluice run)");
        } catch (IOException e) {
            throw new Unreachable("talking to the controller at " + baseUrl() + " failed: " + e.getMessage());
        }
        JsonNode body;
        try {
            body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException notJson) {
            throw new Refused("HTTP " + response.statusCode() + " from " + baseUrl() + " that is not Sluice's JSON "
                    + "(is --api the controller's REST address?)");
        }
        if (response.statusCode() / 100 == 2) {
            return body;
        }
        StringBuilder b = new StringBuilder();
        b.append("refused (HTTP ").append(response.statusCode()).append("): ").append(body.path("message").asText());
        body.path("errors").forEach(e -> b.append("\n  ").append(file == null ? "" : file + ":")
                .append(e.path("line").asInt() > 0 ? e.path("line").asInt() + ": " : (file == null ? "" : " "))
                .append(e.path("rule").isNull() || e.path("rule").isMissingNode() ? "" : "rule "
                        + e.path("rule").asText() + ": ")
                .append(e.path("field").asText()).append(": ").append(e.path("message").asText()));
        throw new Refused(b.toString());
    }

    private String baseUrl() {
        if (api != null) {
            return strip(api);
        }
        String env = System.getenv("SLUICE_API");
        if (env != null && !env.isBlank()) {
            return strip(env);
        }
        JsonNode c = configFile();
        JsonNode connector = c.path("server").path("applicationConnectors").path(0);
        int port = connector.path("port").asInt(8080);
        String host = connector.path("bindHost").asText("127.0.0.1");
        return "http://" + (host.isEmpty() || host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port;
    }

    private String token() {
        if (token != null) {
            return token;
        }
        String env = System.getenv("SLUICE_TOKEN");
        if (env != null && !env.isBlank()) {
            return env;
        }
        JsonNode t = configFile().path("policy").path("token");
        return t.isTextual() ? t.asText() : null;
    }

    private JsonNode configFile() {
        if (config == null) {
            String env = System.getenv("SLUICE_CONFIG");
            config = Path.of(env == null || env.isBlank() ? "config.yml" : env);
        }
        if (!Files.exists(config)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = YAML.readTree(config.toFile());
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + config + ": " + e.getMessage());
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String param(String name, String value) {
        return value == null || value.isBlank() ? "" : "&" + name + "=" + enc(value);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The controller said no; the message is what to print. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** The controller did not answer. */
    static final class Unreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }
}
