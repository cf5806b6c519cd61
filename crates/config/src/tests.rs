//! Tests of the settings.

use super::*;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

#[test]
fn trusted_proxies_are_addresses_and_cidr_blocks_of_both_families() {
    let proxies = TrustedProxies::parse(" 10.0.0.0/8, 192.0.2.7 ,fd00::/8,::1").unwrap();
    for trusted in ["10.1.2.3", "192.0.2.7", "fd12::1", "::1", "::ffff:10.0.0.1"] {
        assert!(proxies.trusts(ip(trusted)), "{trusted}");
    }
    for untrusted in ["11.0.0.1", "192.0.2.8", "fe80::1", "127.0.0.1"] {
        assert!(!proxies.trusts(ip(untrusted)), "{untrusted}");
    }
    for bad in ["proxy.example", "10.0.0.0/33", "10.0.0.1-10.0.0.9", "*"] {
        let error = TrustedProxies::parse(&format!("10.0.0.1,{bad}")).unwrap_err();
        assert!(error.contains(bad), "{error}");
    }
    assert!(TrustedProxies::parse("").unwrap().0.is_empty());
}

#[test]
fn the_client_is_the_right_most_forwarded_address_that_is_not_a_trusted_proxy() {
    let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
    let client = |peer: &str, xff: &[&str]| proxies.client(ip(peer), xff.iter().copied());
    // An untrusted peer is the client, whatever it says.
    assert_eq!(client("203.0.113.9", &["198.51.100.1"]), ip("203.0.113.9"));
    // A trusted one: the address it saw, not what the client wrote before it.
    assert_eq!(client("10.0.0.2", &["198.51.100.1"]), ip("198.51.100.1"));
    assert_eq!(
        client("10.0.0.2", &["1.1.1.1, 198.51.100.1"]),
        ip("198.51.100.1")
    );
    assert_eq!(
        client("10.0.0.2", &["1.1.1.1, 198.51.100.1, 10.0.0.3"]),
        ip("198.51.100.1"),
        "through two proxies"
    );
    assert_eq!(
        client("10.0.0.2", &["1.1.1.1", "198.51.100.1:4711"]),
        ip("198.51.100.1"),
        "several headers, a port"
    );
    assert_eq!(client("10.0.0.2", &["[2001:db8::5]"]), ip("2001:db8::5"));
    assert_eq!(client("10.0.0.2", &[]), ip("10.0.0.2"), "no header");
    assert_eq!(
        client("10.0.0.2", &["198.51.100.1, unknown"]),
        ip("10.0.0.2"),
        "not an address: the proxy that passed it on"
    );
    assert_eq!(client("10.0.0.2", &["10.0.0.4, 10.0.0.3"]), ip("10.0.0.4"));
    assert_eq!(
        client("::ffff:10.0.0.2", &["198.51.100.1"]),
        ip("198.51.100.1")
    );
}
