//! Who may call from where: the browser origins CORS answers, the proxies whose
//! `X-Forwarded-For` is believed.

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;

/// The origins whose pages may call the API from a browser (`COOPSANTE_CORS_ORIGINS`);
/// the public directory answers any origin whatever this says.
#[derive(Clone, Debug, Default)]
pub struct CorsOrigins {
    /// `*`: every origin (tokens are never sent by the browser on its own, so this exposes
    /// nothing a page could not get with a token anyway).
    pub any: bool,
    /// Exact origins, e.g. `https://dashboard.fqcs.example`.
    pub listed: Vec<String>,
}

impl CorsOrigins {
    /// Comma-separated origins (`scheme://host[:port]`), or `*`.
    pub fn parse(value: &str) -> Result<Self, String> {
        let mut origins = Self::default();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                origins.any = true;
                continue;
            }
            let origin = entry.trim_end_matches('/');
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"));
            let valid = rest.is_some_and(|host| {
                !host.is_empty()
                    && host
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
            });
            if !valid {
                return Err(format!(
                    "{entry:?} is not an origin (expected scheme://host[:port], e.g. https://coop.example)"
                ));
            }
            origins.listed.push(origin.to_ascii_lowercase());
        }
        Ok(origins)
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed (`COOPSANTE_TRUSTED_PROXIES`):
/// addresses and CIDR blocks. None by default: the header is then never read, since any
/// client can send it.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub(crate) Vec<IpNet>);

impl TrustedProxies {
    /// Comma-separated addresses (`10.0.0.5`, `::1`) and CIDR blocks (`10.0.0.0/8`,
    /// `fd00::/8`).
    pub fn parse(value: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let net = match entry.parse::<IpAddr>() {
                Ok(ip) => IpNet::from(ip),
                Err(_) => entry.parse::<IpNet>().map_err(|_| {
                    format!(
                        "{entry:?} is not an address or CIDR block (expected e.g. 10.0.0.5, 10.0.0.0/8 or fd00::/8)"
                    )
                })?,
            };
            nets.push(net.trunc());
        }
        Ok(Self(nets))
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Who sent a request that reached us from `peer` with these `X-Forwarded-For` values
    /// (each a list, in the order received): the peer, unless it is a trusted proxy; then the
    /// right-most forwarded address that is not itself a trusted proxy. Everything left of
    /// that address was written by the client and proves nothing. An entry that is not an
    /// address stops the walk at the proxy that passed it on, and a chain of trusted proxies
    /// only ends at the left-most of them.
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl Iterator<Item = &'a str>) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for.flat_map(|v| v.split(',')).collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(ip) = forwarded_address(hop) else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, possibly with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`) or in brackets.
fn forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .and_then(|e| e.parse().ok())
        })
        .map(|ip: IpAddr| ip.to_canonical())
}
