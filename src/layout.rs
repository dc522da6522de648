//! Where a site's inputs and output are, computed once from the root, the command line
//! and the config; and what kind of input a changed path is.
//!
//! Every part that touches the site's folders (reading content, resolving the theme,
//! watching, classifying changes, writing the output) asks this module rather than
//! spelling out `content/`, `templates/` or `handbook.yaml` itself.

use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};

/// The config file's name when `--config` does not give another.
pub const CONFIG_FILE: &str = "handbook.yaml";

/// The site's folders and files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLayout {
    /// The site's folder, absolute (resolved through symlinks when it exists).
    pub root: PathBuf,
    /// The config file, relative to the root.
    pub config_file: PathBuf,
    /// Whether the config file must exist (it was named with `--config`).
    pub config_required: bool,
    /// The content folder, relative to the root.
    pub content_dir: PathBuf,
    /// The output folder, relative to the root.
    pub output_dir: PathBuf,
    /// The data folder, relative to the root (may be inside the content folder).
    pub data_dir: PathBuf,
    /// The folder `{{% include "x.md" %}}` reads, relative to the root.
    pub include_dir: Option<PathBuf>,
    /// The theme's name: its files are in `themes/<name>/`.
    pub theme: String,
}

/// What kind of input a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Config,
    Template,
    Static,
    Content,
    Data,
    Ignored,
}

/// Folders of templates and static files that override the theme's, file by file.
const SITE_TEMPLATES: &str = "templates";
const SITE_STATIC: &str = "static";
const SCHEMA_DIR: &str = "schema";

impl SiteLayout {
    /// The layout before the config is read: the config file's place, defaults elsewhere.
    pub fn new(root: &Path, overrides: &Overrides) -> Self {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let defaults = Config::default();
        SiteLayout {
            root,
            config_file: overrides
                .config_file
                .clone()
                .unwrap_or_else(|| PathBuf::from(CONFIG_FILE)),
            config_required: overrides.config_file.is_some(),
            content_dir: defaults.content_dir,
            output_dir: defaults.output_dir,
            data_dir: defaults.data_dir,
            include_dir: defaults.include_dir,
            theme: defaults.theme,
        }
    }

    /// The layout the config describes (its folders, overridden on the command line).
    pub fn configured(mut self, config: &Config) -> Self {
        self.content_dir = config.content_dir.clone();
        self.output_dir = config.output_dir.clone();
        self.data_dir = config.data_dir.clone();
        self.include_dir = config.include_dir.clone();
        self.theme = config.theme.clone();
        self
    }

    pub fn config_path(&self) -> PathBuf {
        self.root.join(&self.config_file)
    }

    pub fn content(&self) -> PathBuf {
        self.root.join(&self.content_dir)
    }

    pub fn output(&self) -> PathBuf {
        self.root.join(&self.output_dir)
    }

    pub fn data(&self) -> PathBuf {
        self.root.join(&self.data_dir)
    }

    /// The site's JSON Schema folder (`schema/<name>.schema.json`), besides the data
    /// folder's `_schemas/`.
    pub fn schema(&self) -> PathBuf {
        self.root.join(SCHEMA_DIR)
    }

    pub fn includes(&self) -> Option<PathBuf> {
        self.include_dir.as_ref().map(|d| self.root.join(d))
    }

    /// `themes/<name>/`, relative to the root.
    pub fn theme_dir(&self) -> PathBuf {
        Path::new("themes").join(&self.theme)
    }

    /// Template folders, the theme's first, then the site's own (later wins).
    pub fn template_dirs(&self) -> [PathBuf; 2] {
        [
            self.root.join(self.theme_dir()).join("templates"),
            self.root.join(SITE_TEMPLATES),
        ]
    }

    /// Static folders, the theme's first, then the site's own (later wins).
    pub fn static_dirs(&self) -> [PathBuf; 2] {
        [
            self.root.join(self.theme_dir()).join("static"),
            self.root.join(SITE_STATIC),
        ]
    }

    /// A path as authors know it: relative to the root when it is below it.
    pub fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// `path` (relative to the root, or absolute) as an absolute path.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        }
    }

    /// The folders whose changes rebuild the site (the root itself is watched for the
    /// config file and for these folders appearing).
    pub fn watched_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![
            self.content(),
            self.data(),
            self.schema(),
            self.root.join(SITE_TEMPLATES),
            self.root.join(SITE_STATIC),
            self.root.join(self.theme_dir()),
        ];
        dirs.extend(self.includes());
        dirs
    }

    /// What kind of input `path` is (relative to the root or absolute).
    pub fn classify(&self, path: &Path) -> ChangeKind {
        let abs = self.absolute(path);
        let rel = abs.strip_prefix(&self.root).unwrap_or(&abs);
        if is_editor_temp(rel) {
            return ChangeKind::Ignored;
        }
        if rel == self.config_file {
            return ChangeKind::Config;
        }
        if rel.starts_with(&self.data_dir) || rel.starts_with(SCHEMA_DIR) {
            return ChangeKind::Data;
        }
        if self
            .include_dir
            .as_ref()
            .is_some_and(|d| rel.starts_with(d))
        {
            return ChangeKind::Content;
        }
        if let Ok(inner) = rel.strip_prefix(&self.content_dir) {
            let inner = inner.to_string_lossy().replace('\\', "/");
            return match crate::content::classify(&inner) {
                // A folder (no extension) may hold pages.
                crate::content::Class::Ignored if !inner.contains('.') => ChangeKind::Content,
                crate::content::Class::Ignored => ChangeKind::Ignored,
                _ => ChangeKind::Content,
            };
        }
        let theme_dir = self.theme_dir();
        if rel.starts_with(SITE_TEMPLATES) || rel.starts_with(theme_dir.join("templates")) {
            return ChangeKind::Template;
        }
        if rel.starts_with(SITE_STATIC) || rel.starts_with(theme_dir.join("static")) {
            return ChangeKind::Static;
        }
        ChangeKind::Ignored
    }

    /// `path`'s place below the content folder (`/`-separated), if it is there.
    pub fn content_relative(&self, path: &Path) -> Option<String> {
        let abs = self.absolute(path);
        let inner = abs.strip_prefix(self.content()).ok()?;
        Some(inner.to_string_lossy().replace('\\', "/"))
    }
}

/// Editor scratch files that never count as changes: vim swap and backup files and its
/// `4913` write test, emacs lock files, JetBrains safe-write files, `~` backups.
pub fn is_editor_temp(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name == "4913"
        || name.starts_with(".#")
        || name.contains("___jb_")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}
