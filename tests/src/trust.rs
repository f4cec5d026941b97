//! The lab's CA in a browser's own certificate store, imported as a learner
//! imports it: nothing turns certificate checks off. Both engines keep their
//! trust in an NSS database: Chromium on Linux in `$HOME/.pki/nssdb` (what
//! `chrome://certificate-manager` edits), Firefox in its profile. NSS's
//! `certutil` (Debian's libnss3-tools) writes it.
//!
//! WebKitGTK keeps no store of its own: its network process verifies with
//! glib-networking's default database, which is GnuTLS's system trust, and
//! Debian's GnuTLS reads that from one file, [`SYSTEM_BUNDLE`] (the bundle
//! `update-ca-certificates` writes; not p11-kit: Debian builds GnuTLS without
//! a PKCS#11 trust store, and neither GnuTLS nor glib-networking reads a CA
//! file named in the environment). A learner trusts the lab's CA there by
//! adding it to the system's authorities (`/usr/local/share/ca-certificates`,
//! then `update-ca-certificates`), which appends it to that bundle. A session
//! does the same without touching the system: [`TrustStore::system_bundle`]
//! writes the bundle as it would then read, in the session's scratch
//! directory, and the harness shows it at [`SYSTEM_BUNDLE`] to that
//! session's processes only (a private mount namespace, `bwrap`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The NSS nickname the lab's CA is stored under.
const NICKNAME: &str = "CORS Lab local CA";

/// The file Debian's GnuTLS reads its system trust from (its build's
/// default trust store file), which `update-ca-certificates` writes.
pub const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Where a session's browser keeps its trust, inside its scratch directory.
pub struct TrustStore {
    /// Chromium's `$HOME` (its database is `.pki/nssdb` below it).
    pub home: PathBuf,
    /// Firefox's profile (its database is in the profile itself).
    pub profile: PathBuf,
}

impl TrustStore {
    /// The store's places under `scratch`, created empty.
    pub fn under(scratch: &Path) -> TrustStore {
        let store = TrustStore {
            home: scratch.join("home"),
            profile: scratch.join("profile"),
        };
        for dir in [store.chromium_db(), store.profile.clone()] {
            std::fs::create_dir_all(&dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        store
    }

    /// Chromium's NSS database.
    pub fn chromium_db(&self) -> PathBuf {
        self.home.join(".pki/nssdb")
    }

    /// Imports `ca_pem` as a CA trusted for web sites into the database in
    /// `db` (made first), as the browsers' certificate managers do.
    pub fn trust(db: &Path, ca_pem: &str) -> Result<(), String> {
        let file = db.join("lab-ca.pem");
        std::fs::write(&file, ca_pem).map_err(|e| format!("{}: {e}", file.display()))?;
        let sql_db = format!("sql:{}", db.display());
        certutil(&["-N", "-d", &sql_db, "--empty-password"])?;
        let file = file.to_string_lossy();
        certutil(&[
            "-A", "-d", &sql_db, "-n", NICKNAME, "-t", "C,,", "-i", &file,
        ])
    }
}

impl TrustStore {
    /// Writes `dir/ca-certificates.crt`: the system's bundle with `ca_pem`
    /// after it, as `update-ca-certificates` leaves [`SYSTEM_BUNDLE`] once
    /// the lab's CA is among the system's authorities.
    pub fn system_bundle(dir: &Path, ca_pem: &str) -> Result<PathBuf, String> {
        let system = std::fs::read_to_string(SYSTEM_BUNDLE)
            .map_err(|e| format!("{SYSTEM_BUNDLE}: {e} (apt-get install ca-certificates)"))?;
        let mut bundle = system;
        if !bundle.is_empty() && !bundle.ends_with('\n') {
            bundle.push('\n');
        }
        bundle.push_str(ca_pem);
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let file = dir.join("ca-certificates.crt");
        std::fs::write(&file, bundle).map_err(|e| format!("{}: {e}", file.display()))?;
        Ok(file)
    }
}

/// Whether `certutil` can be run here.
pub fn certutil_installed() -> bool {
    Command::new("certutil").arg("-H").output().is_ok()
}

fn certutil(args: &[&str]) -> Result<(), String> {
    let output = Command::new("certutil")
        .args(args)
        .output()
        .map_err(|e| format!("certutil: {e} (apt-get install libnss3-tools)"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "certutil {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
