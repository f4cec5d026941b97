//! Where the catalogue's lesson files are read from.
//!
//! Lessons are data read when a server starts, not code compiled into it: the
//! servers' image keeps the catalogue in its last layer, so editing a lesson
//! rebuilds no crate. The directory is, in order: the one a server was told
//! (`--lessons-dir`, env `LESSONS_DIR`, through [`use_directory`]), the
//! environment's `LESSONS_DIR`, or this repository's `lessons/catalogue`
//! (so `cargo run` and the tests need no setting).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::Context;

/// The repository's catalogue, where a checkout keeps it.
pub const DEFAULT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/catalogue");

static CHOSEN: OnceLock<PathBuf> = OnceLock::new();

/// The servers' `--lessons-dir` option, flattened into their command lines.
#[derive(Debug, Clone, clap::Args)]
pub struct LessonsDir {
    /// The folder of lesson files (`NN-<id>.toml`), read once at start.
    #[arg(long = "lessons-dir", env = "LESSONS_DIR", default_value = DEFAULT_DIR)]
    pub path: PathBuf,
}

/// Reads the catalogue from `dir` from now on. Call it before the first
/// [`crate::catalogue`]; the catalogue is read once per process, so asking for
/// another folder afterwards is an error.
pub fn use_directory(dir: &Path) -> anyhow::Result<()> {
    let chosen = CHOSEN.get_or_init(|| dir.to_path_buf());
    anyhow::ensure!(
        chosen == dir,
        "the lessons are read from {} already, not {}",
        chosen.display(),
        dir.display()
    );
    Ok(())
}

/// The folder the catalogue is read from.
pub fn current() -> PathBuf {
    CHOSEN
        .get_or_init(|| {
            std::env::var_os("LESSONS_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR))
        })
        .clone()
}

/// Every `*.toml` file of `dir`, sorted by name, as `(file name, contents)`.
pub fn read(dir: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the lessons folder {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        if path.extension().is_none_or(|ext| ext != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        files.push((name.into_owned(), text));
    }
    files.sort();
    anyhow::ensure!(
        !files.is_empty(),
        "{} holds no lesson (*.toml)",
        dir.display()
    );
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_read_in_name_order_and_only_its_toml_files() {
        let dir = std::env::temp_dir().join(format!("lab-lessons-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("02-b.toml"), "b").unwrap();
        std::fs::write(dir.join("01-a.toml"), "a").unwrap();
        std::fs::write(dir.join("notes.md"), "not a lesson").unwrap();
        let files = read(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let names: Vec<_> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["01-a.toml", "02-b.toml"]);
        assert_eq!(files[0].1, "a");
    }

    #[test]
    fn a_missing_or_empty_folder_is_named() {
        let missing = Path::new("/no/such/lessons");
        let err = format!("{:#}", read(missing).unwrap_err());
        assert!(err.contains("/no/such/lessons"), "{err}");
        let empty = std::env::temp_dir().join(format!("lab-no-lessons-{}", std::process::id()));
        std::fs::create_dir_all(&empty).unwrap();
        let err = format!("{:#}", read(&empty).unwrap_err());
        std::fs::remove_dir(&empty).unwrap();
        assert!(err.contains("holds no lesson"), "{err}");
    }
}
