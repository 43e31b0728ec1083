package dev.tollgate.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.notifications.webhook.OutboundTargetException.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundTargetsTest {

    /** Host names from a fixed table; IP literals parsed (InetAddress does no DNS for a literal). */
    private static final Map<String, String[]> DNS = Map.of(
            "hooks.example.com", new String[] {"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"},
            "rebound.example.com", new String[] {"93.184.216.34", "10.0.0.7"},
            "localhost", new String[] {"127.0.0.1", "::1"},
            "metadata.example.com", new String[] {"169.254.169.254"});

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] literals = DNS.get(host);
        if (literals == null) {
            if (!host.matches("[0-9a-fA-F.:]+")) {
                throw new UnknownHostException(host);
            }
            literals = new String[] {host};
        }
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            addresses[i] = InetAddress.getByName(literals[i]);
        }
        return addresses;
    }

    private final OutboundTargets strict = new OutboundTargets(false, OutboundTargetsTest::resolve);
    private final OutboundTargets lenient = new OutboundTargets(true, OutboundTargetsTest::resolve);

    private static OutboundTargetException refusal(OutboundTargets targets, String url) {
        try {
            targets.check(url);
        } catch (OutboundTargetException e) {
            return e;
        }
        throw new AssertionError("expected " + url + " to be refused");
    }

    @Test
    void aPublicHostPassesWithAllItsAddresses() throws Exception {
        ResolvedTarget target = strict.check("https://hooks.example.com/tollgate?token=abc");
        assertThat(target.host()).isEqualTo("hooks.example.com");
        assertThat(target.uri().getPath()).isEqualTo("/tollgate");
        assertThat(target.addresses()).hasSize(2);
        assertThat(strict.check("http://93.184.216.34:8080/x").addresses()).hasSize(1);
        assertThat(strict.check("http://[2606:2800:220:1:248:1893:25c8:1946]/x").host())
                .isEqualTo("2606:2800:220:1:248:1893:25c8:1946");
        assertThat(strict.check("HTTPS://hooks.example.com").host()).isEqualTo("hooks.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "hooks.example.com/x", "/relative", "ftp://hooks.example.com/",
        "file:///etc/passwd", "javascript:alert(1)", "http://", "http:///path", "http://exa_mple.com/",
        "http://hooks.example.com/a b",
        "https://user:pass@hooks.example.com/", "https://user@hooks.example.com/"})
    void refusesAnythingButAnAbsoluteHttpUrlWithAHostAndNoUserInfo(String url) {
        assertThat(refusal(strict, url).reason()).isEqualTo(Reason.INVALID_URL);
        assertThat(refusal(lenient, url).reasonCode()).isEqualTo("invalid_url");
    }

    @Test
    void refusesNullAndOverlongUrls() {
        assertThat(refusal(strict, null).reasonCode()).isEqualTo("invalid_url");
        String longUrl = "https://hooks.example.com/" + "a".repeat(2048);
        assertThat(refusal(lenient, longUrl).reasonCode()).isEqualTo("invalid_url");
        assertThat(refusal(lenient, longUrl).getMessage()).contains("2048");
    }

    @Test
    void theMessageDoesNotRepeatTheUrl() {
        assertThat(refusal(strict, "https://user:s3cret@hooks.example.com/").getMessage()).doesNotContain("s3cret");
    }

    @Test
    void anUnknownHostIsUnresolvable() {
        OutboundTargetException e = refusal(lenient, "https://nowhere.invalid/hook");
        assertThat(e.reasonCode()).isEqualTo("unresolvable");
        assertThat(e.getMessage()).contains("nowhere.invalid");
        OutboundTargets empty = new OutboundTargets(true, host -> new InetAddress[0]);
        assertThat(refusal(empty, "https://hooks.example.com/").reason()).isEqualTo(Reason.UNRESOLVABLE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.1/|a loopback address",
        "http://127.8.9.10/|a loopback address",
        "http://localhost:8080/|a loopback address",
        "http://[::1]/|a loopback address",
        "http://0.0.0.0/|an any-local address",
        "http://[::]/|an any-local address",
        "http://0.1.2.3/|a 'this network' (0.0.0.0/8) address",
        "http://169.254.169.254/latest/meta-data/|a link-local address",
        "http://metadata.example.com/|a link-local address",
        "http://[fe80::1]/|a link-local address",
        "http://[febf:ffff::1]/|a link-local address",
        "http://10.1.2.3/|a private address",
        "http://172.16.0.1/|a private address",
        "http://172.31.255.255/|a private address",
        "http://192.168.1.1/|a private address",
        "http://[fc00::1]/|a unique-local address",
        "http://[fd12:3456::1]/|a unique-local address",
        "http://[fec0::1]/|a site-local address",
        "http://100.64.0.1/|a shared (CGNAT) address",
        "http://100.127.255.254/|a shared (CGNAT) address",
        "http://224.0.0.1/|a multicast address",
        "http://239.255.255.250/|a multicast address",
        "http://[ff02::1]/|a multicast address",
        "http://255.255.255.255/|a broadcast address",
        "http://240.0.0.1/|a reserved address",
        "http://rebound.example.com/|a private address",
    })
    void refusesInternalAddresses(String url, String addressClass) {
        OutboundTargetException e = refusal(strict, url);
        assertThat(e.reasonCode()).isEqualTo("disallowed_target");
        assertThat(e.getMessage()).startsWith("resolves to ").endsWith(", " + addressClass);
    }

    @Test
    void theMessageNamesTheAddress() {
        assertThat(refusal(strict, "http://localhost/").getMessage())
                .isEqualTo("resolves to 127.0.0.1, a loopback address");
        assertThat(refusal(strict, "http://rebound.example.com/").getMessage())
                .isEqualTo("resolves to 10.0.0.7, a private address");
    }

    /** The JDK turns an IPv4-mapped literal into an IPv4 address, so this is judged as the IPv4 address it is. */
    @Test
    void refusesIpv4MappedForms() {
        assertThat(refusal(strict, "http://[::ffff:127.0.0.1]/").getMessage()).endsWith("a loopback address");
        assertThat(refusal(strict, "http://[::ffff:a9fe:a9fe]/").getMessage()).endsWith("a link-local address");
    }

    @Test
    void refusesIpv4MappedFormsThatStayIpv6() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        InetAddress address = java.net.Inet6Address.getByAddress("mapped.example.com", mapped, -1);
        OutboundTargets targets = new OutboundTargets(false, host -> new InetAddress[] {address});
        assertThat(refusal(targets, "http://mapped.example.com/").getMessage())
                .endsWith("a private address (IPv4-mapped)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://[::127.0.0.1]/|a loopback address (IPv4-compatible)",
        "http://[::169.254.169.254]/|a link-local address (IPv4-compatible)",
        "http://[::192.168.0.1]/|a private address (IPv4-compatible)",
        "http://[64:ff9b::10.0.0.1]/|a private address (NAT64)",
    })
    void refusesIpv4CompatibleAndNat64Forms(String url, String addressClass) {
        assertThat(refusal(strict, url).getMessage()).endsWith(", " + addressClass);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://172.15.255.255/", "http://172.32.0.1/", "http://100.63.255.255/",
        "http://100.128.0.1/", "http://169.253.0.1/", "http://192.169.0.1/", "http://11.0.0.1/",
        "http://223.255.255.255/", "http://[2001:db8::1]/", "http://[::8.8.8.8]/", "http://[64:ff9b::8.8.8.8]/"})
    void allowsTheNeighboursOfTheInternalRanges(String url) throws Exception {
        assertThat(strict.check(url).addresses()).isNotEmpty();
    }

    @Test
    void allowPrivateTargetsLetsInternalAddressesThrough() throws Exception {
        assertThat(lenient.check("http://localhost:8080/hook").addresses()).hasSize(2);
        assertThat(lenient.check("http://169.254.169.254/").addresses()).hasSize(1);
        assertThat(lenient.check("http://[fd00::1]/").addresses()).hasSize(1);
    }

    @Test
    void resolvesAgainOnEveryCheck() throws Exception {
        String[] answer = {"93.184.216.34"};
        OutboundTargets targets = new OutboundTargets(false,
                host -> new InetAddress[] {InetAddress.getByName(answer[0])});
        assertThat(targets.check("https://hooks.example.com/").addresses()).hasSize(1);
        answer[0] = "127.0.0.1";
        assertThatThrownBy(() -> targets.check("https://hooks.example.com/"))
                .isInstanceOf(OutboundTargetException.class)
                .hasMessage("resolves to 127.0.0.1, a loopback address");
    }
}
