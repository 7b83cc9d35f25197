//! The invariants of ARCHITECTURE.md as a test (`cargo test -p xtask`), in
//! the spirit of rust-analyzer's tidy test: a scan of the app's sources line
//! by line, with a small string-literal extractor, naming file:line and rule.

use std::fmt;
use std::path::Path;

use crate::cmd;

#[derive(Debug, PartialEq)]
struct Violation {
    path: String,
    /// 1-based; 0 for the file as a whole.
    line: usize,
    rule: &'static str,
    message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: [{}] {}", self.path, self.rule, self.message),
            n => write!(f, "{}:{n}: [{}] {}", self.path, self.rule, self.message),
        }
    }
}

const ROUTES_FILE: &str = "src/routes.rs";

/// A source line with its string literals and comment taken out.
#[derive(Debug, Default)]
struct Line {
    /// The code outside string literals, char literals and `//` comments.
    code: String,
    /// The string literals that start on this line, as written (escapes kept).
    literals: Vec<String>,
    /// The line begins inside a string literal opened on an earlier line.
    starts_in_string: bool,
}

/// A string literal that goes on past the end of its line.
struct Open {
    line: usize,
    text: String,
    /// `Some(n)` for a raw string `r#..#"` with n hashes.
    hashes: Option<usize>,
}

fn scan(text: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut open: Option<Open> = None;
    for (number, source) in text.lines().enumerate() {
        lines.push(Line {
            starts_in_string: open.is_some(),
            ..Line::default()
        });
        let chars: Vec<char> = source.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if let Some(literal) = &mut open {
                let hashes = literal.hashes.unwrap_or(0);
                if chars[i] == '"'
                    && chars[i + 1..].iter().take_while(|c| **c == '#').count() >= hashes
                {
                    lines[literal.line]
                        .literals
                        .push(std::mem::take(&mut literal.text));
                    open = None;
                    i += 1 + hashes;
                } else if chars[i] == '\\' && literal.hashes.is_none() {
                    literal.text.extend(chars[i..].iter().take(2));
                    i += 2;
                } else {
                    literal.text.push(chars[i]);
                    i += 1;
                }
                continue;
            }
            let ident_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
            let raw = match chars[i] {
                'r' if !ident_before => raw_string_hashes(&chars[i + 1..]),
                _ => None,
            };
            match chars[i] {
                '/' if chars.get(i + 1) == Some(&'/') => break,
                '"' | 'r' if chars[i] == '"' || raw.is_some() => {
                    open = Some(Open {
                        line: number,
                        text: String::new(),
                        hashes: raw,
                    });
                    // `"`, or `r`, the `#`s and `"`.
                    i += raw.map_or(1, |hashes| hashes + 2);
                }
                // A char literal ('"', '\'', '\u{1F600}'); otherwise a lifetime.
                '\'' if chars.get(i + 1) == Some(&'\\') => {
                    let rest = chars.get(i + 3..).unwrap_or_default();
                    let close = rest.iter().position(|c| *c == '\'');
                    i = close.map_or(chars.len(), |at| i + 3 + at + 1);
                }
                '\'' if chars.get(i + 2) == Some(&'\'') => i += 3,
                c => {
                    lines[number].code.push(c);
                    i += 1;
                }
            }
        }
        if let Some(literal) = &mut open {
            literal.text.push('\n');
        }
    }
    lines
}

/// After an `r`: `#`s then `"` open a raw string; how many `#`s.
fn raw_string_hashes(after_r: &[char]) -> Option<usize> {
    let hashes = after_r.iter().take_while(|c| **c == '#').count();
    (after_r.get(hashes) == Some(&'"')).then_some(hashes)
}

/// Where the test code starts: a `#[cfg(test)]` at column 0; the app's
/// files keep their tests in modules from there to the end of the file.
fn test_start(text: &str, lines: &[Line]) -> Option<usize> {
    text.lines()
        .zip(lines)
        .position(|(source, line)| !line.starts_in_string && source.trim_end() == "#[cfg(test)]")
}

/// The paths the route list declares: its literals (outside its tests,
/// which may name paths that are no route) that start with `/` and go on.
fn route_paths(text: &str) -> Vec<String> {
    let lines = scan(text);
    let end = test_start(text, &lines).unwrap_or(lines.len());
    lines[..end]
        .iter()
        .flat_map(|line| &line.literals)
        .filter(|literal| literal.len() > 1 && literal.starts_with('/'))
        .cloned()
        .collect()
}

/// The route list, or the violation of its absence.
fn routes(text: Option<&str>) -> Result<Vec<String>, Violation> {
    text.map(route_paths).ok_or_else(|| Violation {
        path: ROUTES_FILE.into(),
        line: 0,
        rule: "route-literal",
        message: format!("{ROUTES_FILE}, the route list, is missing"),
    })
}

/// The literal names a route: it is the path, or the path followed by a
/// query, a sub-path, a fragment or a `format!` argument.
fn names_route<'r>(literal: &str, routes: &'r [String]) -> Option<&'r String> {
    routes.iter().find(|route| {
        literal
            .strip_prefix(route.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['?', '/', '#', '{']))
    })
}

/// A broken rule: 0-based line, rule, message.
type Hit = (usize, &'static str, String);

/// Every rule on one file; `path` is relative to the repository root.
fn check_file(path: &str, text: &str, routes: &[String]) -> Vec<Violation> {
    let lines = scan(text);
    let tests_from = test_start(text, &lines).unwrap_or(lines.len());
    let mut hits = Vec::new();
    if path.starts_with("src/") {
        hits.extend(app_rules(path, &lines, tests_from));
        hits.extend(test_layout(text, &lines, tests_from));
    }
    if path != ROUTES_FILE {
        hits.extend(route_literals(&lines, routes));
    }
    hits.sort_by_key(|(line, _, _)| *line);
    let violation = |(line, rule, message): Hit| Violation {
        path: path.into(),
        line: line + 1,
        rule,
        message,
    };
    hits.into_iter().map(violation).collect()
}

/// Rules 1 to 5: gloo_net, serde derives, unwrap/expect, inner_html,
/// effects outside `dom::watch`.
fn app_rules(path: &str, lines: &[Line], tests_from: usize) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    let mut in_derive = false;
    for (n, code) in lines.iter().map(|line| line.code.as_str()).enumerate() {
        if code.contains("gloo_net") && path != "src/api/client.rs" {
            let why =
                "gloo_net outside src/api/client.rs: every HTTP call goes through api::client";
            hits.push((n, "gloo-net", why.into()));
        }
        // A derive may go on over several lines: `#[derive(\n Debug,\n Serialize,\n)]`.
        let derive = match code.find("derive(") {
            Some(at) => &code[at..],
            None if in_derive => code,
            None => "",
        };
        in_derive = !derive.is_empty() && !derive.contains(')');
        if derive.contains("Serialize") || derive.contains("Deserialize") {
            let why = "serde derive: JSON is read only through the json module";
            hits.push((n, "serde-derive", why.into()));
        }
        for call in [".unwrap()", ".expect("] {
            if n < tests_from && code.contains(call) {
                let why = format!("`{call}` outside tests: outside data never panics the app");
                hits.push((n, "unwrap", why));
            }
        }
        if code.contains("inner_html") {
            let why = "inner_html: values from the API are rendered as text, never as HTML";
            hits.push((n, "inner-html", why.into()));
        }
        if code.contains("Effect::new") && path != "src/components/dom.rs" {
            let why = "Effect::new outside components::dom: effects go through dom::watch, \
                       so Leptos' effect code is compiled once";
            hits.push((n, "effect", why.into()));
        }
    }
    hits
}

/// The unwrap rule takes everything from `#[cfg(test)]` to the end of the
/// file as tests: each top-level item there must be gated by a cfg naming
/// `test` (as `#[cfg(all(test, not(target_arch = "wasm32")))]` is).
fn test_layout(text: &str, lines: &[Line], tests_from: usize) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    let mut gated = true;
    let after = text.lines().zip(lines).enumerate().skip(tests_from + 1);
    for (n, (source, line)) in after {
        let nested = line.starts_in_string || source.starts_with(char::is_whitespace);
        if nested || source.is_empty() || source.starts_with("//") || source.starts_with('}') {
            continue;
        }
        if source.starts_with("#[") {
            gated |= source.contains("cfg(") && source.contains("test");
            continue;
        }
        if !gated {
            let why = "an item after #[cfg(test)] without a cfg(test): the unwrap rule skips it";
            hits.push((n, "test-layout", why.into()));
        }
        gated = false;
    }
    hits
}

/// Rule 5: no literal names a path of the route list.
fn route_literals(lines: &[Line], routes: &[String]) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        for literal in &line.literals {
            if let Some(route) = names_route(literal, routes) {
                let why = format!("{literal:?} names the route {route:?}: use {ROUTES_FILE}");
                hits.push((n, "route-literal", why));
            }
        }
    }
    hits
}

/// The `.rs` files under `dir`, relative to `root`, sorted.
fn rust_files(root: &Path, dir: &str) -> Vec<String> {
    let mut pending = vec![root.join(dir)];
    let mut files = Vec::new();
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.path())
        {
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn tidy_app_sources() {
    let root = cmd::root();
    let read = |path: &str| std::fs::read_to_string(root.join(path));
    let mut violations = Vec::new();
    let routes = routes(read(ROUTES_FILE).ok().as_deref()).unwrap_or_else(|missing| {
        violations.push(missing);
        Vec::new()
    });
    for path in rust_files(&root, "src")
        .into_iter()
        .chain(rust_files(&root, "tests"))
    {
        let text = read(&path).unwrap_or_else(|err| panic!("cannot read {path}: {err}"));
        violations.extend(check_file(&path, &text, &routes));
    }
    let list: Vec<String> = violations.iter().map(|v| format!("  {v}")).collect();
    assert!(
        violations.is_empty(),
        "{} violation(s) of the invariants in ARCHITECTURE.md:\n{}\n",
        violations.len(),
        list.join("\n")
    );
}

/// `src/early.js` reads the same browser storage as the app: each key it
/// names is declared in `browser.rs` with the same value (its URL rules
/// are compared with the Rust ones by `tests/early.rs`).
#[test]
fn early_script_reads_the_apps_storage_keys() {
    let root = cmd::root();
    let browser = std::fs::read_to_string(root.join("src/browser.rs")).unwrap_or_default();
    let script = std::fs::read_to_string(root.join("src/early.js")).unwrap_or_default();
    let keys = storage_keys(&script, "const ", " = \"");
    assert!(keys.len() >= 3, "early.js names its storage keys: {keys:?}");
    for (name, value) in keys {
        let declared = format!("pub const {name}: &str = \"{value}\";");
        assert!(
            browser.contains(&declared),
            "early.js reads {name} = {value:?}; browser.rs must declare `{declared}`"
        );
    }
}

/// `NAME = "value"` pairs whose name ends in `_KEY`, as `prefix NAME infix value"`.
fn storage_keys(text: &str, prefix: &str, infix: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix(prefix)?;
            let (name, value) = rest.split_once(infix)?;
            let value = value.split_once('"')?.0;
            name.ends_with("_KEY")
                .then(|| (name.to_owned(), value.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_are_read_from_declarations() {
        let script = "const SETTINGS_KEY = \"a.b\";\nconst MAX = 3;\n  const TOKEN_KEY = \"t\";";
        assert_eq!(
            storage_keys(script, "const ", " = \""),
            [
                ("SETTINGS_KEY".to_owned(), "a.b".to_owned()),
                ("TOKEN_KEY".to_owned(), "t".to_owned())
            ]
        );
    }

    /// A sample file, one source line per entry.
    fn file(lines: &[&str]) -> String {
        lines.join("\n") + "\n"
    }

    fn rules(path: &str, text: &str) -> Vec<(usize, &'static str)> {
        let routes = ["/bindings".to_string(), "/eips/bind".to_string()];
        let found = check_file(path, text, &routes);
        found.iter().map(|v| (v.line, v.rule)).collect()
    }

    #[test]
    fn the_scan_takes_literals_out_of_the_code() {
        let lines = scan(&file(&[
            r#"let a = "x \" // y"; // "not a literal""#,
            r###"let b = ['"', '\'']; let c: &'static str = r#"q "r" s"#;"###,
            r#"let d = "one \"#,
            r#"    two".len(); d.unwrap()"#,
        ]));
        assert_eq!(lines[0].literals, [r#"x \" // y"#]);
        assert_eq!(lines[0].code, "let a = ; ");
        assert_eq!(lines[1].literals, [r#"q "r" s"#]);
        assert_eq!(lines[1].code, "let b = [, ]; let c: &'static str = ;");
        assert_eq!(lines[2].literals, ["one \\\n    two"]);
        assert!(lines[3].starts_in_string);
        assert_eq!(lines[3].code, ".len(); d.unwrap()");
    }

    #[test]
    fn gloo_net_only_in_the_client() {
        let text = file(&[
            "// gloo_net is only in api::client",
            "use gloo_net::http::Request;",
        ]);
        assert_eq!(rules("src/state.rs", &text), [(2, "gloo-net")]);
        assert_eq!(rules("src/api/client.rs", &text), []);
        assert_eq!(rules("src/state.rs", "use crate::api::client;\n"), []);
    }

    #[test]
    fn effects_only_through_watch() {
        let text = file(&[
            "// Effect::new is kept in one place",
            "Effect::new(move |_| f());",
        ]);
        assert_eq!(rules("src/pages/eips.rs", &text), [(2, "effect")]);
        assert_eq!(rules("src/components/dom.rs", &text), []);
        assert_eq!(rules("src/pages/eips.rs", "watch(move || f());\n"), []);
    }

    #[test]
    fn no_serde_derive() {
        let text = file(&[
            "#[derive(Debug, serde::Deserialize)]",
            "struct A;",
            "#[derive(",
            "    Clone,",
            "    Serialize,",
            ")]",
            "struct B;",
        ]);
        let found = rules("src/config.rs", &text);
        assert_eq!(found, [(1, "serde-derive"), (5, "serde-derive")]);
        let clean = file(&[
            "#[derive(Clone, PartialEq)]",
            "struct A;",
            r#"const S: &str = "Serialize";"#,
            "impl Serialize for B {}",
        ]);
        assert_eq!(rules("src/config.rs", &clean), []);
    }

    #[test]
    fn no_unwrap_or_expect_outside_tests() {
        let text = file(&[
            "fn f() {",
            "    let a = b.unwrap();",
            "    let c = d",
            r#"        .expect("e");"#,
            "    let g = h.unwrap_or(0); // i.unwrap()",
            r#"    let j = ".unwrap()";"#,
            "}",
            "",
            "#[cfg(test)]",
            "mod tests {",
            "    fn t() { x.unwrap(); }",
            "}",
            "",
            r#"#[cfg(all(test, not(target_arch = "wasm32")))]"#,
            "mod properties {",
            r#"    fn p() { y.expect("z"); }"#,
            "}",
        ]);
        assert_eq!(rules("src/query.rs", &text), [(2, "unwrap"), (4, "unwrap")]);
        let clean = file(&["fn f() -> Option<u8> {", "    b.ok()?.checked_add(1)", "}"]);
        assert_eq!(rules("src/query.rs", &clean), []);
    }

    #[test]
    fn test_code_runs_to_the_end_of_the_file() {
        let text = file(&[
            "#[cfg(test)]",
            "mod tests {",
            "    fn t() { x.unwrap(); }",
            "}",
            "",
            "fn later() -> u8 {",
            "    y.unwrap()",
            "}",
        ]);
        assert_eq!(rules("src/json.rs", &text), [(6, "test-layout")]);
    }

    #[test]
    fn no_inner_html() {
        let text = "view! { <div inner_html=html /> }\n";
        assert_eq!(rules("src/pages/bindings.rs", text), [(1, "inner-html")]);
        let clean = "view! { <div>{html}</div> }\n";
        assert_eq!(rules("src/pages/bindings.rs", clean), []);
    }

    #[test]
    fn route_paths_only_in_the_route_list() {
        let text = file(&[
            r#"navigate("/bindings");"#,
            r#"let a = "/bindings?offset=20";"#,
            r#"let b = format!("/bindings{}", q);"#,
            r#"let c = "/eips/bind#top";"#,
            r#"let d = "/eips/bind/x";"#,
            r#"let e = ["/eips/binding", "/bindingsX", "/workspace-api", "/"];"#,
        ]);
        let hits: Vec<_> = (1..=5).map(|line| (line, "route-literal")).collect();
        assert_eq!(rules("src/pages/bindings.rs", &text), hits);
        assert_eq!(rules("tests/shell.rs", &text), hits);
        assert_eq!(rules(ROUTES_FILE, &text), []);
        assert_eq!(
            rules("tests/shell.rs", "let a = Route::Bindings.href();\n"),
            []
        );
    }

    #[test]
    fn the_route_list_is_read_from_its_literals() {
        let text = file(&[
            r#"pub const BINDINGS: &str = "/bindings";"#,
            r#"fn href() -> String { format!("/eips/bind") }"#,
            r#"const ROOT: &str = "/";"#,
            r#"const NAME: &str = "Bindings";"#,
            "",
            "#[cfg(test)]",
            "mod tests {",
            r#"    const NOT_A_ROUTE: &str = "/nope";"#,
            "}",
        ]);
        assert_eq!(route_paths(&text), ["/bindings", "/eips/bind"]);
        let missing = routes(None).map_err(|v| v.to_string());
        let message = "src/routes.rs: [route-literal] src/routes.rs, the route list, is missing";
        assert_eq!(missing, Err(message.to_string()));
    }
}
