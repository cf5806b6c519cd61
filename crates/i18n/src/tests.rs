//! The messages in code and in `locales/` agree: every id the code names exists in both
//! languages with exactly the arguments the code passes, and French and English have the
//! same ids with the same variables.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

/// Each message id of one language and the variables its text uses.
type Catalogue = BTreeMap<String, BTreeSet<String>>;

fn catalogue(lang: Lang) -> Catalogue {
    let mut ids = Catalogue::new();
    for (of, name, source) in RESOURCES {
        if *of != lang {
            continue;
        }
        let resource = fluent_syntax::parser::parse(*source)
            .unwrap_or_else(|(_, errors)| panic!("locales/{}/{name}: {errors:?}", lang.tag()));
        for entry in resource.body {
            match entry {
                Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(value) = &m.value {
                        variables(value, &mut vars);
                    }
                    let id = m.id.name.to_owned();
                    assert!(
                        ids.insert(id.clone(), vars).is_none(),
                        "{id} is defined twice in {}",
                        lang.tag()
                    );
                }
                Entry::Junk { content } => panic!("locales/{}/{name}: junk {content}", lang.tag()),
                _ => {}
            }
        }
    }
    ids
}

fn variables(pattern: &Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, vars);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, vars);
            for variant in variants {
                variables(&variant.value, vars);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, vars),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, vars),
        _ => {}
    }
}

/// Every `msg!(…)` in the sources: its id and the names of its arguments, with the file.
fn uses_in_code() -> Vec<(String, String, BTreeSet<String>)> {
    let mut uses = Vec::new();
    // The workspace's sources: the service's own and every crate's.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root");
    let mut stack = vec![root.join("src"), root.join("crates")];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("a source folder") {
                stack.push(entry.expect("a folder entry").path());
            }
            continue;
        }
        // The macro's own module and these tests name msg! without calling it.
        let own = path.starts_with(env!("CARGO_MANIFEST_DIR"));
        if path.extension().is_none_or(|e| e != "rs") || own {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable source file");
        for (at, _) in text.match_indices("msg!(") {
            let call = &text[at + "msg!(".len()..];
            let Some((id, names)) = parse_call(call) else {
                panic!(
                    "{}: a msg! call not of the form msg!(\"id\", name = value, …): {}",
                    path.display(),
                    &call[..call.len().min(80)]
                );
            };
            uses.push((path.display().to_string(), id, names));
        }
    }
    uses
}

/// `"id", a = x, b = f(y, z))…` -> the id and {a, b}: top-level commas only, strings skipped.
fn parse_call(call: &str) -> Option<(String, BTreeSet<String>)> {
    let mut parts = Vec::new();
    let (mut depth, mut start, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for (i, c) in call.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => {
                parts.push(&call[start..i]);
                break;
            }
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&call[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    let mut parts = parts.into_iter().map(str::trim).filter(|p| !p.is_empty());
    let id = parts
        .next()?
        .strip_prefix('"')?
        .strip_suffix('"')?
        .to_owned();
    let mut names = BTreeSet::new();
    for part in parts {
        let (name, _) = part.split_once('=')?;
        names.insert(name.trim().to_owned());
    }
    Some((id, names))
}

#[test]
fn french_and_english_have_the_same_ids_with_the_same_variables() {
    let (fr, en) = (catalogue(Lang::Fr), catalogue(Lang::En));
    let only_fr: Vec<_> = fr.keys().filter(|id| !en.contains_key(*id)).collect();
    let only_en: Vec<_> = en.keys().filter(|id| !fr.contains_key(*id)).collect();
    assert!(only_fr.is_empty(), "only in French: {only_fr:?}");
    assert!(only_en.is_empty(), "only in English: {only_en:?}");
    for (id, vars) in &fr {
        assert_eq!(
            vars, &en[id],
            "{id}: French and English use other variables"
        );
    }
}

#[test]
fn every_message_the_code_names_exists_in_both_languages_with_its_arguments() {
    let uses = uses_in_code();
    assert!(uses.len() > 200, "only {} msg! calls found", uses.len());
    for lang in Lang::ALL {
        let catalogue = catalogue(lang);
        for (file, id, names) in &uses {
            let Some(vars) = catalogue.get(id) else {
                panic!("{file}: {id} is missing in locales/{}", lang.tag());
            };
            assert_eq!(
                names,
                vars,
                "{file}: {id} is given other arguments than locales/{} uses",
                lang.tag()
            );
        }
    }
}

#[test]
fn no_message_in_the_locales_is_left_unused() {
    let used: BTreeSet<String> = uses_in_code().into_iter().map(|(_, id, _)| id).collect();
    let unused: Vec<_> = catalogue(Lang::Fr)
        .into_keys()
        .filter(|id| !used.contains(id))
        .collect();
    assert!(unused.is_empty(), "messages no code names: {unused:?}");
}

#[test]
fn every_message_renders_without_errors_given_its_variables() {
    for lang in Lang::ALL {
        let bundle = bundle_of(lang);
        for (id, vars) in catalogue(lang) {
            let mut args = FluentArgs::new();
            for var in &vars {
                args.set(var.clone(), FluentValue::from("x"));
            }
            let pattern = bundle
                .get_message(&id)
                .and_then(|m| m.value())
                .unwrap_or_else(|| panic!("{id} has no value in {}", lang.tag()));
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
            assert!(errors.is_empty(), "{id} in {}: {errors:?}", lang.tag());
            assert!(!text.trim().is_empty(), "{id} in {} is empty", lang.tag());
        }
    }
}

#[test]
fn a_missing_message_or_argument_never_panics() {
    assert_eq!(
        render(Lang::Fr, &Message::new("no-such-message")),
        "no-such-message"
    );
    let text = render(Lang::En, &Message::new("text-too-long"));
    assert!(text.starts_with("must be at most"), "{text}");
}

#[test]
fn messages_render_in_each_language_with_plurals_and_nested_messages() {
    let long = crate::msg!("text-too-long", max = 200, length = 201);
    assert_eq!(
        long.render(Lang::Fr),
        "doit compter au plus 200 caractères (reçu : 201)"
    );
    assert_eq!(
        long.render(Lang::En),
        "must be at most 200 characters (got 201)"
    );
    let wrong = crate::msg!(
        "wrong-type",
        expected = crate::msg!("json-string"),
        got = crate::msg!("json-number")
    );
    assert_eq!(
        wrong.render(Lang::Fr),
        "attendu : une chaîne, reçu : un nombre"
    );
    assert_eq!(wrong.render(Lang::En), "expected a string, got a number");
}

#[test]
fn accept_language_picks_french_or_english_by_weight() {
    let cases = [
        (None, Lang::Fr),
        (Some(""), Lang::Fr),
        (Some("fr"), Lang::Fr),
        (Some("en"), Lang::En),
        (Some("fr-CA"), Lang::Fr),
        (Some("en-US"), Lang::En),
        (Some("EN-gb"), Lang::En),
        (Some("en-CA,en;q=0.9"), Lang::En),
        (Some("fr;q=0.1, en;q=0.8"), Lang::En),
        (Some("en;q=0.5, fr;q=0.5"), Lang::Fr),
        (Some("de"), Lang::Fr),
        (Some("de, en;q=0.3"), Lang::En),
        (Some("*"), Lang::Fr),
        (Some("en;q=0"), Lang::Fr),
        (Some("en;q=0, *"), Lang::Fr),
        (Some("fr;q=0, en;q=0.2"), Lang::En),
        (Some("en;q=abc"), Lang::Fr),
        (Some("en;q=2"), Lang::Fr),
        (Some("es-MX, en-US;q=0.7, fr;q=0.6"), Lang::En),
    ];
    for (header, expected) in cases {
        assert_eq!(negotiate(header), expected, "{header:?}");
    }
}
