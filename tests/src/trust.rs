//! The lab's CA in a browser's own certificate store, imported as a learner
//! imports it: nothing turns certificate checks off. Both engines keep their
//! trust in an NSS database: Chromium on Linux in `$HOME/.pki/nssdb` (what
//! `chrome://certificate-manager` edits), Firefox in its profile. NSS's
//! `certutil` (Debian's libnss3-tools) writes it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The NSS nickname the lab's CA is stored under.
const NICKNAME: &str = "CORS Lab local CA";

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
