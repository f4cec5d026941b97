//! The lab's certificate authority: made on first start in the TLS directory
//! (`ca.pem`, `ca-key.pem`) and read back on every later one, so the
//! certificate a learner told the browser to trust stays the one that signs.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use time::{Duration, OffsetDateTime};

use super::files::write_private;
use super::server::ServedCertificate;

/// The CA certificate, the one file a learner imports into a browser.
pub const CA_FILE: &str = "ca.pem";
/// The CA's private key: it never leaves the TLS directory.
pub const CA_KEY_FILE: &str = "ca-key.pem";

/// The start of the CA's name. Each lab's CA adds a mark of its own key
/// ([`ca_name`]), as mkcert does: two labs' CAs (or one made again after its
/// directory was deleted) must not share a name, or a browser and the
/// doctor that trust the old one find it by name and fail on its signature
/// instead of saying the issuer is unknown.
const CA_NAME: &str = "CORS Lab local CA";

/// A CA that can issue the lab's certificates.
pub struct Authority {
    issuer: Issuer<'static, KeyPair>,
    /// `ca.pem`'s contents.
    pub certificate_pem: String,
    /// Where `ca.pem` is.
    pub certificate_path: PathBuf,
}

impl Authority {
    /// Reads the CA in `dir`, or makes one there when it has none.
    pub fn load_or_create(dir: &Path) -> anyhow::Result<Authority> {
        let (cert_path, key_path) = (dir.join(CA_FILE), dir.join(CA_KEY_FILE));
        if cert_path.exists() || key_path.exists() {
            return Authority::load(&cert_path, &key_path);
        }
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let key = KeyPair::generate().context("making the CA's key")?;
        let certificate = ca_params(&ca_name(&key))
            .self_signed(&key)
            .context("signing the CA")?;
        write_private(&key_path, &key.serialize_pem())?;
        fs::write(&cert_path, certificate.pem())
            .with_context(|| format!("cannot write {}", cert_path.display()))?;
        log::info!(
            "made the lab's certificate authority: {} (trust it once in your browser)",
            cert_path.display()
        );
        Authority::load(&cert_path, &key_path)
    }

    fn load(cert_path: &Path, key_path: &Path) -> anyhow::Result<Authority> {
        let read = |path: &Path| {
            fs::read_to_string(path).with_context(|| {
                format!(
                    "cannot read {} (a TLS directory needs both {CA_FILE} and {CA_KEY_FILE}; \
                     delete both to make a new CA)",
                    path.display()
                )
            })
        };
        let certificate_pem = read(cert_path)?;
        let key = KeyPair::from_pem(&read(key_path)?)
            .with_context(|| format!("{} is not a PEM private key", key_path.display()))?;
        let name = name_in(&certificate_pem, &key);
        Ok(Authority {
            issuer: Issuer::new(ca_params(&name), key),
            certificate_pem,
            certificate_path: cert_path.to_owned(),
        })
    }

    /// The TLS directory this CA is kept in.
    pub fn directory(&self) -> &Path {
        self.certificate_path.parent().unwrap_or(Path::new("."))
    }

    /// A fresh certificate for `names` (host names, `*.` wildcards or IP
    /// addresses), valid from yesterday for 397 days: browsers refuse
    /// longer-lived server certificates from public CAs, and the lab's
    /// should teach nothing a real one would not do.
    pub fn issue(&self, names: &[String]) -> anyhow::Result<ServedCertificate> {
        let mut params = CertificateParams::default();
        params
            .distinguished_name
            .push(DnType::CommonName, "CORS Lab");
        params.subject_alt_names = names
            .iter()
            .map(|name| san(name))
            .collect::<anyhow::Result<_>>()?;
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let now = OffsetDateTime::now_utc();
        params.not_before = now - Duration::days(1);
        params.not_after = now + Duration::days(397);
        let key = KeyPair::generate().context("making the server's key")?;
        let certificate = params
            .signed_by(&key, &self.issuer)
            .context("issuing the server's certificate")?;
        Ok(ServedCertificate {
            chain_pem: format!("{}{}", certificate.pem(), self.certificate_pem),
            key_pem: key.serialize_pem(),
        })
    }
}

/// `CORS Lab local CA 1a2b3c4d`: the name and four bytes of the CA's public
/// key (random, so one lab's name is not another's, and the same on every
/// start, since the key is kept).
fn ca_name(key: &KeyPair) -> String {
    let raw = key.public_key_raw();
    // The first byte of an uncompressed EC point is its fixed 0x04 tag.
    let mark: String = raw
        .iter()
        .skip(1)
        .take(4)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("{CA_NAME} {mark}")
}

/// The name `certificate_pem` (the kept CA) was made with: [`ca_name`], or
/// the bare [`CA_NAME`] of a CA made before names carried the key's mark
/// (its issued certificates must name it as it is written).
fn name_in(certificate_pem: &str, key: &KeyPair) -> String {
    let marked = ca_name(key);
    let holds_marked = CertificateDer::from_pem_slice(certificate_pem.as_bytes())
        .map(|der| der.windows(marked.len()).any(|w| w == marked.as_bytes()))
        .unwrap_or(false);
    if holds_marked {
        marked
    } else {
        CA_NAME.to_owned()
    }
}

/// The CA's certificate fields: a CA for server certificates only, ten years.
fn ca_params(name: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name.push(DnType::CommonName, name);
    params
        .distinguished_name
        .push(DnType::OrganizationName, "CORS Lab");
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let now = OffsetDateTime::now_utc();
    params.not_before = now - Duration::days(1);
    params.not_after = now + Duration::days(3650);
    params
}

/// One subject alternative name: an IP address or a DNS name.
fn san(name: &str) -> anyhow::Result<SanType> {
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse() {
        return Ok(SanType::IpAddress(ip));
    }
    let dns = name
        .to_owned()
        .try_into()
        .with_context(|| format!("{name:?} cannot be a certificate name"))?;
    Ok(SanType::DnsName(dns))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cors-lab-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_ca_is_made_once_and_read_back_on_later_starts() {
        let dir = fresh_dir("ca-kept");
        let first = Authority::load_or_create(&dir).unwrap();
        let second = Authority::load_or_create(&dir).unwrap();
        assert_eq!(first.certificate_pem, second.certificate_pem);
        assert!(first
            .certificate_pem
            .starts_with("-----BEGIN CERTIFICATE-----"));
        // A certificate issued after the restart chains to the same CA file.
        let issued = second.issue(&["localhost".into()]).unwrap();
        assert!(issued.chain_pem.ends_with(&first.certificate_pem));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn each_ca_has_a_name_of_its_own_and_an_older_one_keeps_its_own() {
        let (one, two) = (KeyPair::generate().unwrap(), KeyPair::generate().unwrap());
        assert_ne!(ca_name(&one), ca_name(&two));
        assert_eq!(ca_name(&one).len(), CA_NAME.len() + 9);
        let marked = ca_params(&ca_name(&one)).self_signed(&one).unwrap();
        assert_eq!(name_in(&marked.pem(), &one), ca_name(&one));
        let older = ca_params(CA_NAME).self_signed(&one).unwrap();
        assert_eq!(name_in(&older.pem(), &one), CA_NAME);
    }

    #[cfg(unix)]
    #[test]
    fn the_ca_key_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = fresh_dir("ca-key-mode");
        Authority::load_or_create(&dir).unwrap();
        let mode = fs::metadata(dir.join(CA_KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn half_a_ca_is_an_error_that_says_what_to_do() {
        let dir = fresh_dir("ca-half");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(CA_FILE), "x").unwrap();
        let err = format!("{:#}", Authority::load_or_create(&dir).err().unwrap());
        assert!(
            err.contains(CA_KEY_FILE) && err.contains("delete both"),
            "{err}"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn names_become_dns_or_ip_alternative_names() {
        assert!(matches!(san("::1").unwrap(), SanType::IpAddress(_)));
        assert!(matches!(san("[::1]").unwrap(), SanType::IpAddress(_)));
        assert!(matches!(san("127.0.0.1").unwrap(), SanType::IpAddress(_)));
        assert!(matches!(san("*.localhost").unwrap(), SanType::DnsName(_)));
        assert!(san("bad name\u{e9}").is_err());
    }
}
