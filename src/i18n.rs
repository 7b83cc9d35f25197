//! 中文 and English. The English texts are the code's own string literals,
//! wrapped in `t` (or `tf` with `{0}`, `{1}`… for values); the Chinese
//! catalogue (`public/i18n/zh-CN.json`, keyed by the English text) is a
//! static file fetched only when Chinese is chosen, so an English admin's
//! first load carries none of it. A text the catalogue lacks shows in
//! English; `catalogue_is_complete` (below) finds every key in the sources
//! and fails on a missing or stale one.
//!
//! The language follows the browser (`navigator.languages`) until the
//! admin picks one with "Language"; the choice is kept per browser
//! (`browser::LANGUAGE_KEY`) and applies from the next load, which
//! `src/early.js` prepares (it starts the catalogue's download beside the
//! wasm and sets `<html lang>`, by the rules of `Language::pick`).

use std::cell::Cell;

use serde_json::Value;

use crate::json::Object;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    English,
    Chinese,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Chinese];

    /// `<html lang>`, the stored choice and the `<option>` value.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Chinese => "zh-CN",
        }
    }

    /// Each language by its own name, as language pickers do.
    pub fn label(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Chinese => "中文",
        }
    }

    /// The catalogue's path under the site's base; none for English.
    pub fn catalogue(self) -> Option<&'static str> {
        match self {
            Language::English => None,
            Language::Chinese => Some("i18n/zh-CN.json"),
        }
    }

    /// The saved choice when it is one; else the first of the browser's
    /// languages the console has (`zh`, `zh-TW`, `zh-Hans-CN` read as
    /// Chinese, `en-GB` as English); else English.
    pub fn pick(saved: Option<&str>, browser: &[String]) -> Language {
        if let Some(chosen) = Language::ALL.into_iter().find(|l| Some(l.code()) == saved) {
            return chosen;
        }
        browser
            .iter()
            .find_map(|tag| {
                let primary = tag.split('-').next().unwrap_or_default();
                match primary.to_ascii_lowercase().as_str() {
                    "zh" => Some(Language::Chinese),
                    "en" => Some(Language::English),
                    _ => None,
                }
            })
            .unwrap_or_default()
    }
}

thread_local! {
    /// The installed catalogue, kept for the page's life (its texts are
    /// handed out as `&'static str`).
    static CATALOGUE: Cell<Option<&'static Object>> = const { Cell::new(None) };
}

/// Installs a catalogue read from `text` (a JSON object of English text to
/// translation); `None` goes back to English.
pub fn install(text: Option<&str>) -> Result<(), String> {
    let catalogue = match text {
        None => None,
        Some(text) => match crate::json::parse_object(text) {
            Ok(object) => Some(&*Box::leak(Box::new(object))),
            Err(_) => return Err("the language file is not a JSON object".into()),
        },
    };
    CATALOGUE.with(|installed| installed.set(catalogue));
    Ok(())
}

/// Marks a literal as a catalogue text without translating it, for texts
/// kept in constants (`const NOUN`) and translated where shown with `t`.
pub const fn tk(english: &'static str) -> &'static str {
    english
}

/// `english` in the installed language. Pass a literal (or a `tk`
/// literal): the completeness test finds the texts by those.
pub fn t(english: &'static str) -> &'static str {
    CATALOGUE
        .with(Cell::get)
        .and_then(|catalogue| catalogue.get(english))
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
        .unwrap_or(english)
}

/// `english` in the installed language, `{0}`, `{1}`… replaced by `args`.
pub fn tf(english: &'static str, args: &[&dyn std::fmt::Display]) -> String {
    // One pass: a value that itself holds `{1}` stays as it is.
    let mut text = String::new();
    let mut rest = t(english);
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        rest = &rest[open..];
        let close = rest.find('}').unwrap_or(0);
        match rest[1..close.max(1)]
            .parse::<usize>()
            .ok()
            .and_then(|i| args.get(i))
        {
            Some(arg) => {
                text.push_str(&arg.to_string());
                rest = &rest[close + 1..];
            }
            None => {
                text.push('{');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_saved_choice_wins_then_the_browser_s_first_known_language() {
        use Language::*;
        assert_eq!(Language::pick(Some("zh-CN"), &tags(&["en-US"])), Chinese);
        assert_eq!(Language::pick(Some("en"), &tags(&["zh-CN"])), English);
        assert_eq!(Language::pick(Some("fr"), &tags(&["zh-CN"])), Chinese);
        assert_eq!(
            Language::pick(None, &tags(&["de-DE", "zh-TW", "en"])),
            Chinese
        );
        assert_eq!(Language::pick(None, &tags(&["ZH-hans-CN"])), Chinese);
        assert_eq!(Language::pick(None, &tags(&["en-GB", "zh-CN"])), English);
        assert_eq!(Language::pick(None, &tags(&["fr", "de"])), English);
        assert_eq!(Language::pick(None, &[]), English);
        assert_eq!(Language::pick(None, &tags(&["zhx", "e"])), English);
    }

    #[test]
    fn texts_come_from_the_catalogue_with_english_for_what_it_lacks() {
        install(Some(
            r#"{"Search": "搜索", "Showing {0} of {1}": "第 {0} 条，共 {1} 条", "Empty": ""}"#,
        ))
        .unwrap();
        assert_eq!(t("Search"), "搜索");
        assert_eq!(t("Refresh"), "Refresh");
        assert_eq!(t("Empty"), "Empty");
        assert_eq!(tf("Showing {0} of {1}", &[&3, &"10"]), "第 3 条，共 10 条");
        install(None).unwrap();
        assert_eq!(t("Search"), "Search");
        assert_eq!(tf("Showing {0} of {1}", &[&3, &10]), "Showing 3 of 10");
        assert_eq!(
            tf("Showing {0} of {1}", &[&"{1}", &"x"]),
            "Showing {1} of x"
        );
        assert_eq!(tf("{} {x} {9} {0}{", &[&"a"]), "{} {x} {9} a{");
        assert!(install(Some("<html>")).is_err());
        assert_eq!(t("Search"), "Search");
    }

    /// Every text the sources pass to `t`, `tf` or `tk` has its translation, with
    /// the same placeholders, and the catalogue holds nothing else.
    #[test]
    fn catalogue_is_complete() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("public/i18n/zh-CN.json")).unwrap();
        let catalogue = crate::json::parse_object(&text).unwrap();
        let keys = source_keys(&root.join("src"));
        let mut problems = Vec::new();
        for key in &keys {
            match catalogue.get(key).and_then(Value::as_str) {
                None | Some("") => problems.push(format!("missing: {key:?}")),
                Some(chinese) => {
                    if placeholders(key) != placeholders(chinese) {
                        problems.push(format!("placeholders differ: {key:?} / {chinese:?}"));
                    }
                }
            }
        }
        for key in catalogue.keys() {
            if !keys.contains(key) {
                problems.push(format!("not used: {key:?}"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    fn placeholders(text: &str) -> Vec<String> {
        let mut found: Vec<String> = (0..10)
            .map(|i| format!("{{{i}}}"))
            .filter(|p| text.contains(p.as_str()))
            .collect();
        found.sort();
        found
    }

    /// The literal first argument of every `t(`, `tf(` and `tk(` call, in
    /// the Rust and in `early.js` (the rows it paints before the app runs).
    fn source_keys(dir: &std::path::Path) -> std::collections::BTreeSet<String> {
        let mut keys = std::collections::BTreeSet::new();
        let mut dirs = vec![dir.to_path_buf()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs" || e == "js") {
                    let source = std::fs::read_to_string(&path).unwrap();
                    // The tests' own calls, below their module line, are not texts.
                    let source = source.split("#[cfg(test)]").next().unwrap_or_default();
                    keys.extend(call_keys(source));
                }
            }
        }
        keys
    }

    fn call_keys(source: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for name in ["t(", "tf(", "tk("] {
            let mut rest = source;
            while let Some(at) = rest.find(name) {
                let before = rest[..at].chars().last();
                rest = &rest[at + name.len()..];
                // `t(` as a whole name: not `set(` or `split(`.
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                // rustfmt may put a long literal on the next line.
                let literal = rest.trim_start();
                if let Some(raw) = literal.strip_prefix("r#\"") {
                    if let Some(end) = raw.find("\"#") {
                        keys.push(raw[..end].to_owned());
                    }
                } else if let Some(plain) = literal.strip_prefix('"')
                    && let Some(end) = literal_end(plain)
                {
                    keys.push(unescape(&plain[..end]));
                }
            }
        }
        keys
    }

    fn literal_end(text: &str) -> Option<usize> {
        let mut escaped = false;
        for (index, c) in text.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => return Some(index),
                _ => escaped = false,
            }
        }
        None
    }

    fn unescape(literal: &str) -> String {
        let mut out = String::new();
        let mut chars = literal.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('\n') => {
                    // A line continuation: the next line's indentation goes.
                    let rest: String = chars.clone().collect();
                    let skipped = rest.len() - rest.trim_start().len();
                    for _ in 0..rest[..skipped].chars().count() {
                        chars.next();
                    }
                }
                Some(other) => out.push(other),
                None => {}
            }
        }
        out
    }

    #[test]
    fn keys_are_read_as_the_compiler_reads_them() {
        let source = "let a = t(\"Save\"); set(\"x\"); tf(\"A \\\"b\\\" {0}\", &[&1]);\n\
                      t(r#\"say \"hi\"\"#); tf(\"one \\\n     two\", &[]); tf(\n    \"next line\", &[]);\n\
                      t(value); tk(\"noun\")";
        assert_eq!(
            call_keys(source),
            [
                "Save",
                "say \"hi\"",
                "A \"b\" {0}",
                "one two",
                "next line",
                "noun"
            ]
        );
    }
}
