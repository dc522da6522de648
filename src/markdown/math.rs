//! Math written in LaTeX (`$...$`, `$$...$$`, ```` ```math ```` fences) turned into MathML
//! at build time by math-core; browsers render MathML themselves, so no script is needed.
//!
//! Where math is, is pulldown-cmark's rule: a `$` opens math only before a character that
//! is not a space, and closes it only after one, so prose such as "over $5k and $10k" stays
//! text.

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

/// A LaTeX to MathML converter, made once per build and shared by the parse threads.
pub struct Math {
    converter: Option<LatexToMathML>,
}

impl Default for Math {
    fn default() -> Self {
        Math {
            converter: LatexToMathML::new(MathCoreConfig::default()).ok(),
        }
    }
}

/// Invalid LaTeX: what is wrong, and where in the expression (a byte range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    pub message: String,
    pub at: usize,
}

impl Math {
    /// The MathML of an expression, inline or as a block.
    pub fn to_mathml(&self, latex: &str, block: bool) -> Result<String, MathError> {
        let Some(converter) = &self.converter else {
            return Err(MathError {
                message: "the math converter could not start".into(),
                at: 0,
            });
        };
        let display = if block {
            MathDisplay::Block
        } else {
            MathDisplay::Inline
        };
        converter
            .convert_with_local_state(latex, display)
            .map(|r| r.mathml)
            .map_err(|e| MathError {
                message: e.to_string(),
                at: e.0.start,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_becomes_mathml_and_errors_are_located() {
        let m = Math::default();
        let html = m.to_mathml(r"\frac{a}{b} + x^2", false).unwrap();
        assert!(html.starts_with("<math"), "{html}");
        assert!(html.contains("<mfrac>"), "{html}");
        let block = m.to_mathml(r"\sum_{i=1}^n i", true).unwrap();
        assert!(block.contains("display=\"block\""), "{block}");
        let err = m.to_mathml(r"x + \frac{1}{", false).unwrap_err();
        assert!(!err.message.is_empty());
    }
}
