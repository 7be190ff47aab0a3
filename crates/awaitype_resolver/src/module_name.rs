//! Dotted module names and relative-import arithmetic.
//!
//! A [`ModuleName`] is always valid (non-empty, every component a Python identifier), so the
//! resolver and its callers never have to re-check names they got from the parser, a file path
//! or typeshed's `VERSIONS` file. The name is shared behind an `Arc`, making clones cheap for the
//! many maps keyed by module.

use std::fmt;
use std::sync::Arc;

/// A validated dotted module name, e.g. `asyncio.tasks`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleName(Arc<str>);

impl ModuleName {
    /// `None` if `s` is empty or any dot-separated component is not an identifier (in the sense of
    /// Python's `str.isidentifier()`).
    pub fn new(s: &str) -> Option<ModuleName> {
        if s.split('.').all(is_identifier) {
            Some(ModuleName(Arc::from(s)))
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The dot-separated parts, outermost first: `a.b.c` gives `a`, `b`, `c`.
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.0.split('.')
    }

    /// The enclosing package's name; `None` for a top-level module.
    pub fn parent(&self) -> Option<ModuleName> {
        let (parent, _) = self.0.rsplit_once('.')?;
        Some(ModuleName(Arc::from(parent)))
    }

    /// `self.child`; `child` may itself be dotted (`a.join("b.c")` is `a.b.c`). `None` if `child`
    /// is not a valid (dotted) name.
    pub fn join(&self, child: &str) -> Option<ModuleName> {
        if !child.split('.').all(is_identifier) {
            return None;
        }
        Some(ModuleName(Arc::from(format!("{}.{child}", self.0))))
    }

    /// The last component: `c` for `a.b.c`.
    pub(crate) fn last_component(&self) -> &str {
        self.0.rsplit('.').next().unwrap_or_default()
    }
}

impl fmt::Display for ModuleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Python's identifier rule: an `XID_Start` character or `_`, then `XID_Continue` characters.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || unicode_ident::is_xid_start(first)) && chars.all(unicode_ident::is_xid_continue)
}

/// `from ..x import y` inside module `importing` (is_package = importing is a package's
/// __init__): level 1 = the current package (the module itself if is_package, else its parent),
/// each extra level one parent up. `module` is the dotted part after the dots (None for
/// `from . import y`). None if it goes above the top.
///
/// Level 0 is an absolute import: the result is just `module` (`None` without one). `None` is
/// also returned when `module` is not a valid dotted name.
pub fn resolve_relative_import(
    importing: &ModuleName,
    importing_is_package: bool,
    level: u32,
    module: Option<&str>,
) -> Option<ModuleName> {
    if level == 0 {
        return ModuleName::new(module?);
    }
    let mut base = if importing_is_package {
        importing.clone()
    } else {
        importing.parent()?
    };
    for _ in 1..level {
        base = base.parent()?;
    }
    match module {
        Some(module) => base.join(module),
        None => Some(base),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> ModuleName {
        ModuleName::new(s).unwrap()
    }

    #[test]
    fn valid_names() {
        for s in [
            "a",
            "asyncio.tasks",
            "_typeshed",
            "__future__",
            "sys.__jit",
            "a1.b_2.C3",
            "café",
            "模块.子模块",
            "match",
            "class",
        ] {
            assert_eq!(ModuleName::new(s).map(|n| n.to_string()), Some(s.into()));
        }
    }

    #[test]
    fn invalid_names() {
        for s in [
            "", ".", "a.", ".a", "a..b", "1a", "a.1b", "a-b", "a b", "a/b", " a", "a.b-c", "€",
        ] {
            assert_eq!(ModuleName::new(s), None, "{s:?}");
        }
    }

    #[test]
    fn components_parent_join() {
        let n = name("a.b.c");
        assert_eq!(n.as_str(), "a.b.c");
        assert_eq!(n.components().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(n.last_component(), "c");
        assert_eq!(n.parent(), Some(name("a.b")));
        assert_eq!(name("a.b").parent(), Some(name("a")));
        assert_eq!(name("a").parent(), None);
        assert_eq!(name("a").last_component(), "a");
        assert_eq!(name("a").join("b"), Some(name("a.b")));
        assert_eq!(name("a").join("b.c"), Some(name("a.b.c")));
        assert_eq!(name("a").join(""), None);
        assert_eq!(name("a").join("b."), None);
        assert_eq!(name("a").join("1"), None);
    }

    #[test]
    fn ordering_and_equality_follow_the_text() {
        assert_eq!(name("a.b"), name("a").join("b").unwrap());
        assert!(name("a") < name("a.b"));
        assert!(name("a.b") < name("b"));
    }

    #[test]
    fn relative_import_from_a_module() {
        let importing = name("pkg.sub.mod");
        // from . import x
        assert_eq!(
            resolve_relative_import(&importing, false, 1, None),
            Some(name("pkg.sub"))
        );
        // from .sibling import x
        assert_eq!(
            resolve_relative_import(&importing, false, 1, Some("sibling")),
            Some(name("pkg.sub.sibling"))
        );
        // from ..other.deep import x
        assert_eq!(
            resolve_relative_import(&importing, false, 2, Some("other.deep")),
            Some(name("pkg.other.deep"))
        );
        // from .. import x
        assert_eq!(resolve_relative_import(&importing, false, 2, None), Some(name("pkg")));
        // from ... import x: above the top-level package
        assert_eq!(resolve_relative_import(&importing, false, 3, None), None);
        assert_eq!(resolve_relative_import(&importing, false, 3, Some("x")), None);
    }

    #[test]
    fn relative_import_from_a_package() {
        let importing = name("pkg.sub");
        assert_eq!(
            resolve_relative_import(&importing, true, 1, None),
            Some(name("pkg.sub"))
        );
        assert_eq!(
            resolve_relative_import(&importing, true, 1, Some("mod")),
            Some(name("pkg.sub.mod"))
        );
        assert_eq!(
            resolve_relative_import(&importing, true, 2, Some("mod")),
            Some(name("pkg.mod"))
        );
        assert_eq!(resolve_relative_import(&importing, true, 3, None), None);

        let top = name("pkg");
        assert_eq!(
            resolve_relative_import(&top, true, 1, Some("mod")),
            Some(name("pkg.mod"))
        );
        assert_eq!(resolve_relative_import(&top, true, 2, None), None);
    }

    #[test]
    fn relative_import_from_a_top_level_module_has_no_package() {
        let importing = name("script");
        assert_eq!(resolve_relative_import(&importing, false, 1, None), None);
        assert_eq!(resolve_relative_import(&importing, false, 1, Some("x")), None);
    }

    #[test]
    fn relative_import_level_zero_is_absolute() {
        let importing = name("pkg.mod");
        assert_eq!(
            resolve_relative_import(&importing, false, 0, Some("os.path")),
            Some(name("os.path"))
        );
        assert_eq!(resolve_relative_import(&importing, false, 0, None), None);
    }

    #[test]
    fn relative_import_with_invalid_module_part() {
        let importing = name("pkg.mod");
        assert_eq!(resolve_relative_import(&importing, false, 1, Some("")), None);
        assert_eq!(resolve_relative_import(&importing, false, 1, Some("a..b")), None);
    }
}
