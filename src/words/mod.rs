//! Words as the claim matcher sees them: tokens with byte ranges, folded (lower case, ё → е,
//! stress marks dropped) and stemmed with Snowball (Russian for Cyrillic words, English for
//! Latin ones), and the typo index that lets a claim word match with one slip of the keyboard.
//!
//! This layer knows nothing of catalogs or rules: the catalog stems its claim words with it when
//! it loads, the recognisers tokenize template text with it, and both therefore agree on what a
//! word is.

mod fold;
mod stem;
mod token;
mod typo;

pub use fold::{Script, fold, script};
pub use stem::stem;
pub use token::{ContactShape, Punct, Token, TokenKind, span_of, tokenize, tokenize_in};
pub use typo::{MIN_TYPO_LEN, TypoIndex};
