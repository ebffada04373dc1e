//! `[theme]`: how the pages look for an operator's users: the primary colour, a logo and an
//! extra stylesheet, read once at start (no rebuild). Dark mode follows the browser's
//! `prefers-color-scheme` on its own.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::{ConfigError, invalid};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ThemeSettings {
    /// Buttons, links and focus rings, as `#rrggbb`; empty keeps Gatehouse's blue.
    pub primary_color: String,
    /// A PNG, SVG, JPEG or WebP file shown in every page's header instead of the ◆ (at most
    /// 256 KiB); empty for none.
    pub logo_file: String,
    /// A stylesheet appended to Gatehouse's own (its rules win); empty for none.
    pub stylesheet_file: String,
    /// A directory of templates used in place of the built-in ones of the same name
    /// (`login.html`, `admin/base.html`, `email/reset.txt`, …); empty for none.
    pub templates_dir: String,
}

/// The theme's files, read and checked at start.
#[derive(Debug, Clone)]
pub struct LoadedTheme {
    /// CSS appended to the built-in stylesheet: the colour variables and the operator's file.
    pub css: String,
    /// The logo's bytes and content type.
    pub logo: Option<(Vec<u8>, &'static str)>,
    /// The templates, with the operator's overrides.
    pub views: std::sync::Arc<crate::views::Views>,
}

impl Default for LoadedTheme {
    fn default() -> Self {
        LoadedTheme {
            css: String::new(),
            logo: None,
            views: crate::views::Views::embedded(),
        }
    }
}

const MAX_LOGO: u64 = 256 * 1024;
const MAX_CSS: u64 = 512 * 1024;

fn hex_color(raw: &str) -> Option<(u8, u8, u8)> {
    let hex = raw.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

fn read_capped(path: &PathBuf, cap: u64, key: &'static str) -> Result<Vec<u8>, ConfigError> {
    let meta = std::fs::metadata(path)
        .map_err(|e| invalid(key, format!("cannot read {}: {e}", path.display())))?;
    if meta.len() > cap {
        return Err(invalid(
            key,
            format!("{} is larger than {cap} bytes", path.display()),
        ));
    }
    std::fs::read(path).map_err(|e| invalid(key, format!("cannot read {}: {e}", path.display())))
}

impl ThemeSettings {
    /// Checks the settings and reads the files.
    pub fn load(&self) -> Result<LoadedTheme, ConfigError> {
        let mut css = String::new();
        if !self.primary_color.is_empty() {
            let (r, g, b) = hex_color(&self.primary_color)
                .ok_or_else(|| invalid("theme.primary_color", "must be a colour like #2f5bea"))?;
            // The hover shade: a fifth darker.
            let dark = |c: u8| (u16::from(c) * 4 / 5) as u8;
            css.push_str(&format!(
                "\n:root {{ --brand: #{r:02x}{g:02x}{b:02x}; --brand-dark: #{:02x}{:02x}{:02x}; }}\n",
                dark(r),
                dark(g),
                dark(b)
            ));
        }
        if !self.stylesheet_file.is_empty() {
            let bytes = read_capped(
                &PathBuf::from(&self.stylesheet_file),
                MAX_CSS,
                "theme.stylesheet_file",
            )?;
            let text = String::from_utf8(bytes)
                .map_err(|_| invalid("theme.stylesheet_file", "is not UTF-8 text"))?;
            css.push('\n');
            css.push_str(&text);
        }
        let logo = if self.logo_file.is_empty() {
            None
        } else {
            let path = PathBuf::from(&self.logo_file);
            let kind = match path
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("png") => "image/png",
                Some("svg") => "image/svg+xml",
                Some("jpg" | "jpeg") => "image/jpeg",
                Some("webp") => "image/webp",
                _ => {
                    return Err(invalid(
                        "theme.logo_file",
                        "must end in .png, .svg, .jpg or .webp",
                    ));
                }
            };
            Some((read_capped(&path, MAX_LOGO, "theme.logo_file")?, kind))
        };
        let views = if self.templates_dir.is_empty() {
            crate::views::Views::embedded()
        } else {
            std::sync::Arc::new(
                crate::views::Views::with_overrides(std::path::Path::new(&self.templates_dir))
                    .map_err(|e| invalid("theme.templates_dir", e))?,
            )
        };
        Ok(LoadedTheme { css, logo, views })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_checked_and_darkened_for_hover() {
        let theme = ThemeSettings {
            primary_color: "#ff8000".into(),
            ..Default::default()
        };
        let css = theme.load().unwrap().css;
        assert!(css.contains("--brand: #ff8000") && css.contains("--brand-dark: #cc6600"));
        for bad in ["red", "#ff80", "#gg0000", "ff8000"] {
            let theme = ThemeSettings {
                primary_color: bad.into(),
                ..Default::default()
            };
            assert!(theme.load().is_err(), "{bad}");
        }
    }
}
